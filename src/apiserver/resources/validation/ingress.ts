import type { FieldCause, KubeObject, Operation } from '../types.js';
import type { Json } from '../json.js';
import { at, int, rec, recs, str, strs } from '../json.js';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  regexError,
} from '../../machinery/validation.js';
import { Causes, childPath, index } from './causes.js';
import { goNilSlice } from './go-text.js';
import { parseIP } from './ip.js';
import { nameIsDNSSubdomain, validateObjectMeta } from './meta.js';

/** ValidateIngress and ValidateIngressClass of pkg/apis/networking/validation (Kubernetes 1.32). */

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix']; // sorted, as sets.List
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

const WILDCARD_FMT = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** IsWildcardDNS1123Subdomain. */
function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs = Buffer.byteLength(value) > 253 ? ['must be no more than 253 characters'] : [];
  if (!new RegExp(`^${WILDCARD_FMT}$`).test(value))
    errs.push(regexError(WILDCARD_MSG, WILDCARD_FMT, '*.example.com'));
  return errs;
}

/** Hosts may be wildcards (`*.foo.com`) but not IP addresses. */
function validateHost(c: Causes, host: string, path: string, rejectIP: boolean): void {
  if (rejectIP && parseIP(host)) c.invalid(path, host, 'must be a DNS name, not an IP address');
  c.invalidEach(path, host, host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host));
}

/** validateIngressBackend: a Service (name and a port name or number) or a resource, not both. */
function validateBackend(c: Causes, backend: Json, path: string): void {
  const service = rec(backend['service']);
  const resource = rec(backend['resource']);
  if (service && resource) {
    c.invalid(path, '', 'cannot set both resource and service backends');
    return;
  }
  if (resource) {
    if (str(resource['kind']) === '') c.required(childPath(path, 'resource', 'kind'));
    if (str(resource['name']) === '') c.required(childPath(path, 'resource', 'name'));
    return;
  }
  if (!service) {
    c.invalid(path, '', 'resource or service backend is required');
    return;
  }
  const name = str(service['name']);
  if (name === '') c.required(childPath(path, 'service', 'name'));
  else c.invalidEach(childPath(path, 'service', 'name'), name, isDNS1035Label(name));
  const portName = str(at(service, 'port', 'name'));
  const portNumber = int(at(service, 'port', 'number'));
  if (portName !== '' && portNumber !== 0) c.invalid(path, '', 'cannot set both port name & port number');
  else if (portName !== '')
    c.invalidEach(childPath(path, 'service', 'port', 'name'), portName, isValidPortName(portName));
  else if (portNumber !== 0)
    c.invalidEach(childPath(path, 'service', 'port', 'number'), portNumber, isValidPortNum(portNumber));
  else c.required(path, 'port name or number is required');
}

/** validateHTTPIngressPath: pathType required; Exact and Prefix paths absolute and clean. */
function validatePath(c: Causes, p: Json, path: string): void {
  const pathType = p['pathType'];
  if (typeof pathType !== 'string') {
    c.required(childPath(path, 'pathType'), 'pathType must be specified');
    return;
  }
  const text = str(p['path']);
  const field = childPath(path, 'path');
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!text.startsWith('/')) c.invalid(field, text, 'must be an absolute path');
    for (const seq of INVALID_SEQUENCES)
      if (text.includes(seq)) c.invalid(field, text, `must not contain '${seq}'`);
    for (const suffix of INVALID_SUFFIXES)
      if (text.endsWith(suffix)) c.invalid(field, text, `cannot end with '${suffix}'`);
  } else if (pathType === 'ImplementationSpecific') {
    if (text !== '' && !text.startsWith('/')) c.invalid(field, text, 'must be an absolute path');
  } else {
    c.notSupported(childPath(path, 'pathType'), pathType, PATH_TYPES);
  }
  validateBackend(c, rec(p['backend']) ?? {}, childPath(path, 'backend'));
}

function validateRules(c: Causes, rules: Json[]): void {
  rules.forEach((rule, i) => {
    const rulePath = index('spec.rules', i);
    const host = str(rule['host']);
    if (host !== '') validateHost(c, host, childPath(rulePath, 'host'), true);
    const http = rec(rule['http']);
    if (!http) return;
    const paths = recs(http['paths']);
    if (paths.length === 0) c.required(childPath(rulePath, 'http', 'paths'));
    paths.forEach((p, j) => validatePath(c, p, index(childPath(rulePath, 'http', 'paths'), j)));
  });
}

function validateTLS(c: Causes, tls: Json[]): void {
  tls.forEach((entry, i) => {
    const tlsPath = index('spec.tls', i);
    strs(entry['hosts']).forEach((host, j) =>
      validateHost(c, host, index(childPath(tlsPath, 'hosts'), j), false),
    );
    const secret = str(entry['secretName']);
    if (secret !== '') c.invalidEach(childPath(tlsPath, 'secretName'), secret, isDNS1123Subdomain(secret));
  });
}

export function validateIngress(ing: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, ing, { namespaced: true, name: nameIsDNSSubdomain });
  const spec = rec(ing['spec']) ?? {};
  const rules = recs(spec['rules']);
  const defaultBackend = rec(spec['defaultBackend']);
  if (rules.length === 0 && !defaultBackend) {
    c.invalid(
      'spec',
      goNilSlice('networking.IngressRule'),
      'either `defaultBackend` or `rules` must be specified',
    );
  }
  if (defaultBackend) validateBackend(c, defaultBackend, 'spec.defaultBackend');
  validateRules(c, rules);
  validateTLS(c, recs(spec['tls']));
  const className = spec['ingressClassName'];
  if (typeof className === 'string')
    c.invalidEach('spec.ingressClassName', className, isDNS1123Subdomain(className));
  return c.list;
}

/** IsDomainPrefixedPath: `example.com/controller`. */
function validateController(c: Causes, controller: string): void {
  const field = 'spec.controller';
  if (controller.length > 250) c.tooLong(field, 250);
  if (controller === '') {
    c.required(field);
    return;
  }
  const slash = controller.indexOf('/');
  const host = slash < 0 ? '' : controller.slice(0, slash);
  const rest = slash < 0 ? '' : controller.slice(slash + 1);
  if (host === '' || rest === '') {
    c.invalid(field, controller, 'must be a domain-prefixed path (such as "acme.io/foo")');
    return;
  }
  c.invalidEach(field, host, isDNS1123Subdomain(host));
  const pathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  if (!new RegExp(`^${pathFmt}$`).test(rest)) c.invalid(field, rest, regexError('Invalid path', pathFmt));
}

export function validateIngressClass(ic: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, ic, { namespaced: false, name: nameIsDNSSubdomain });
  const controller = str(at(ic, 'spec', 'controller'));
  if (op === 'update' && old && controller !== str(at(old, 'spec', 'controller')))
    c.immutable('spec.controller', controller);
  validateController(c, controller);
  return c.list;
}
