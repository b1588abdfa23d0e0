import type { FieldCause, KubeObject } from '../types.js';
import type { Json } from '../json.js';
import { num, rec, recs, str, strs } from '../json.js';
import { isValidPortName, isValidPortNum } from '../../machinery/validation.js';
import { goQuote } from '../../machinery/go-format.js';
import { Causes, childPath, GoText, index } from './causes.js';
import { strictSubset, validateCIDR } from './ip.js';
import { nameIsDNSSubdomain, validateObjectMeta } from './meta.js';
import { validateLabelSelector } from './selector.js';

/** ValidateNetworkPolicy of pkg/apis/networking/validation (Kubernetes 1.32). */

/** ValidateNetworkPolicyPort: protocol, numeric or named port, endPort only after a numeric port. */
function validatePort(c: Causes, port: Json, path: string): void {
  const protocol = port['protocol'];
  if (typeof protocol === 'string' && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
    c.notSupported(childPath(path, 'protocol'), protocol, ['TCP', 'UDP', 'SCTP']);
  }
  const p = port['port'];
  const endPort = num(port['endPort']);
  if (typeof p === 'number') {
    c.invalidEach(childPath(path, 'port'), p, isValidPortNum(p));
    if (endPort !== undefined) {
      if (endPort < p) c.invalid(childPath(path, 'endPort'), p, 'must be greater than or equal to `port`');
      c.invalidEach(childPath(path, 'endPort'), endPort, isValidPortNum(endPort));
    }
  } else if (typeof p === 'string') {
    if (endPort !== undefined)
      c.invalid(childPath(path, 'endPort'), endPort, 'may not be specified when `port` is non-numeric');
    c.invalidEach(childPath(path, 'port'), p, isValidPortName(p));
  } else if (endPort !== undefined) {
    c.invalid(childPath(path, 'endPort'), endPort, 'may not be specified when `port` is not specified');
  }
}

/** ValidateIPBlock: a CIDR, and exceptions strictly inside it. */
function validateIPBlock(c: Causes, block: Json, path: string): void {
  const cidrText = str(block['cidr']);
  if (cidrText === '') {
    c.required(childPath(path, 'cidr'));
    return;
  }
  const cidr = validateCIDR(c, childPath(path, 'cidr'), cidrText);
  if (!cidr) return;
  strs(block['except']).forEach((text, i) => {
    const exceptPath = index(childPath(path, 'except'), i);
    const except = validateCIDR(c, exceptPath, text);
    if (except && !strictSubset(cidr, except))
      c.invalid(exceptPath, text, 'must be a strict subset of `cidr`');
  });
}

/** ValidateNetworkPolicyPeer: exactly one kind of peer, or pod and namespace selectors together. */
function validatePeer(c: Causes, peer: Json, path: string): void {
  let peers = 0;
  for (const key of ['podSelector', 'namespaceSelector']) {
    if (!rec(peer[key])) continue;
    peers++;
    validateLabelSelector(c, peer[key], childPath(path, key));
  }
  const block = rec(peer['ipBlock']);
  if (block) {
    peers++;
    validateIPBlock(c, block, childPath(path, 'ipBlock'));
  }
  if (peers === 0) c.required(path, 'must specify a peer');
  else if (peers > 1 && block) c.forbidden(path, 'may not specify both ipBlock and another peer');
}

function validateRules(c: Causes, rules: Json[], path: string, peersKey: 'from' | 'to'): void {
  rules.forEach((rule, i) => {
    const rulePath = index(path, i);
    recs(rule['ports']).forEach((port, j) => validatePort(c, port, index(childPath(rulePath, 'ports'), j)));
    recs(rule[peersKey]).forEach((peer, j) => validatePeer(c, peer, index(childPath(rulePath, peersKey), j)));
  });
}

export function validateNetworkPolicy(np: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, np, { namespaced: true, name: nameIsDNSSubdomain });
  const spec = rec(np['spec']) ?? {};
  // podSelector is a struct, not a pointer, in Go: absent means {} (every pod in the namespace).
  validateLabelSelector(c, spec['podSelector'], 'spec.podSelector');
  validateRules(c, recs(spec['ingress']), 'spec.ingress', 'from');
  validateRules(c, recs(spec['egress']), 'spec.egress', 'to');
  const types = strs(spec['policyTypes']);
  if (types.length > 2) {
    c.invalid(
      'spec.policyTypes',
      new GoText(`[]networking.PolicyType{${types.map(goQuote).join(', ')}}`),
      'may not specify more than two policyTypes',
    );
    return c.list;
  }
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress')
      c.notSupported(index('spec.policyTypes', i), t, ['Ingress', 'Egress']);
  });
  return c.list;
}
