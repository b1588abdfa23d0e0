import type { FieldCause, KubeObject, Operation } from '../types.js';
import type { Json } from '../json.js';
import { at, int, num, rec, recs, str, strs } from '../json.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from '../../machinery/validation.js';
import { Causes, childPath, index } from './causes.js';
import { goStringSlice, servicePortKey } from './go-text.js';
import { validateIP } from './ip.js';
import {
  validateExternalIPs,
  validateLoadBalancerFields,
  validateTrafficPolicies,
} from './service-external.js';
import { nameIsDNS1035Label, validateLabels, validateObjectMeta } from './meta.js';
import { validateProtocol } from './containers.js';

/** ValidateService and ValidateServiceUpdate of pkg/apis/core/validation (Kubernetes 1.32). */

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']; // sorted, as sets.List
const KUBELET_PORT = 10250;
const MAX_AFFINITY_SECONDS = 86400;

const isHeadless = (spec: Json): boolean => str(spec['clusterIP']) === 'None';

/** ValidatePortNumOrName: a number 1-65535 or an IANA_SVC_NAME. */
function validateTargetPort(c: Causes, field: string, target: unknown): void {
  if (typeof target === 'number') c.invalidEach(field, target, isValidPortNum(target));
  else if (typeof target === 'string') c.invalidEach(field, target, isValidPortName(target));
}

/** validateServicePort: names (required when several ports, unique), port, protocol, targetPort. */
function validateServicePort(
  c: Causes,
  port: Json,
  path: string,
  requireName: boolean,
  names: Set<string>,
): void {
  const name = str(port['name']);
  if (requireName && name === '') c.required(childPath(path, 'name'));
  else if (name !== '') {
    c.invalidEach(childPath(path, 'name'), name, isDNS1123Label(name));
    if (names.has(name)) c.duplicate(childPath(path, 'name'), name);
    else names.add(name);
  }
  c.invalidEach(childPath(path, 'port'), int(port['port']), isValidPortNum(int(port['port'])));
  validateProtocol(c, childPath(path, 'protocol'), port['protocol']);
  validateTargetPort(c, childPath(path, 'targetPort'), port['targetPort']);
  if (typeof port['appProtocol'] === 'string') {
    c.invalidEach(childPath(path, 'appProtocol'), port['appProtocol'], isQualifiedName(port['appProtocol']));
  }
}

function validateTypeSpecific(c: Causes, spec: Json, ports: Json[]): void {
  switch (str(spec['type'])) {
    case 'LoadBalancer':
      ports.forEach((p, i) => {
        if (int(p['port']) === KUBELET_PORT) {
          c.invalid(
            index('spec.ports', i),
            KUBELET_PORT,
            `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
          );
        }
      });
      if (isHeadless(spec))
        c.invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services");
      break;
    case 'NodePort':
      if (isHeadless(spec))
        c.invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services");
      break;
    case 'ExternalName': {
      if (strs(spec['clusterIPs']).length > 0)
        c.forbidden('spec.clusterIPs', 'may not be set for ExternalName services');
      if (strs(spec['ipFamilies']).length > 0)
        c.forbidden('spec.ipFamilies', 'may not be set for ExternalName services');
      if (spec['ipFamilyPolicy'] !== undefined && spec['ipFamilyPolicy'] !== null) {
        c.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services');
      }
      // The CNAME may end with a dot to mark it fully qualified.
      const cname = str(spec['externalName']).replace(/\.$/, '');
      if (cname === '') c.required('spec.externalName');
      else c.invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname));
      break;
    }
  }
}

function validateSessionAffinity(c: Causes, spec: Json): void {
  const affinity = str(spec['sessionAffinity']);
  if (affinity === '') c.required('spec.sessionAffinity');
  else if (affinity !== 'ClientIP' && affinity !== 'None')
    c.notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']);
  const config = rec(spec['sessionAffinityConfig']);
  if (affinity === 'None' && config)
    c.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None');
  if (affinity !== 'ClientIP') return;
  const when = 'when session affinity type is ClientIP';
  if (!config) c.required('spec.sessionAffinityConfig', when);
  else if (!rec(config['clientIP'])) c.required('spec.sessionAffinityConfig.clientIP', when);
  else {
    const timeout = num(at(config, 'clientIP', 'timeoutSeconds'));
    const field = 'spec.sessionAffinityConfig.clientIP.timeoutSeconds';
    if (timeout === undefined) c.required(field, when);
    else if (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS)
      c.invalid(field, timeout, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`);
  }
}

/** ValidateServiceClusterIPsRelatedFields, for a single-stack IPv4 cluster. */
function validateClusterIPs(c: Causes, spec: Json): void {
  if (str(spec['type']) === 'ExternalName') return;
  const clusterIP = str(spec['clusterIP']);
  const clusterIPs = strs(spec['clusterIPs']);
  if (clusterIP !== '' && clusterIPs.length === 0) c.required('spec.clusterIPs');
  else if (clusterIP !== '' && clusterIPs[0] !== clusterIP)
    c.invalid('spec.clusterIPs', goStringSlice(clusterIPs), 'first value must match `clusterIP`');
  else if (clusterIP === '' && clusterIPs.length > 0)
    c.invalid(
      'spec.clusterIPs',
      goStringSlice(clusterIPs),
      'must be empty when `clusterIP` is not specified',
    );
  strs(spec['ipFamilies']).forEach((family, i) => {
    if (family !== 'IPv4' && family !== 'IPv6')
      c.notSupported(index('spec.ipFamilies', i), family, ['IPv4', 'IPv6']);
  });
  const policy = spec['ipFamilyPolicy'];
  if (
    typeof policy === 'string' &&
    !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(policy)
  ) {
    c.notSupported('spec.ipFamilyPolicy', policy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']);
  }
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1)
        c.invalid('spec.clusterIPs', goStringSlice(clusterIPs), "'None' must be the first and only value");
    } else validateIP(c, index('spec.clusterIPs', i), ip);
  });
  if (clusterIPs.length > 2)
    c.invalid('spec.clusterIPs', goStringSlice(clusterIPs), 'may only hold up to 2 values');
}

/** ClusterIP Services have no nodePorts; (protocol, nodePort) and (protocol, port) pairs are unique. */
function validatePortUniqueness(c: Causes, spec: Json, ports: Json[]): void {
  if (spec['type'] === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (int(p['nodePort']) !== 0)
        c.forbidden(`${index('spec.ports', i)}.nodePort`, "may not be used when `type` is 'ClusterIP'");
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const nodePort = int(p['nodePort']);
    if (nodePort === 0) return;
    const key = `${str(p['protocol'])}/${nodePort}`;
    if (nodePorts.has(key)) c.duplicate(`${index('spec.ports', i)}.nodePort`, nodePort);
    nodePorts.add(key);
  });
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${str(p['protocol'])}/${int(p['port'])}`;
    if (keys.has(key))
      c.duplicate(index('spec.ports', i), servicePortKey(str(p['protocol']), int(p['port'])));
    keys.add(key);
  });
}

/** validateUpgradeDowngradeClusterIPs on a single stack: the primary ClusterIP never changes. */
function validateUpdate(c: Causes, spec: Json, old: Json): void {
  if (spec['type'] === 'ExternalName' || old['type'] === 'ExternalName') return;
  if (isHeadless(spec) && isHeadless(old)) return;
  const next = strs(spec['clusterIPs']);
  const previous = strs(old['clusterIPs']);
  const bad = goStringSlice(spec['clusterIPs']);
  if (previous.length > 0 && next.length === 0)
    c.invalid('spec.clusterIPs[0]', bad, 'primary clusterIP can not be unset');
  else if (previous.length > 0 && next[0] !== previous[0])
    c.invalid('spec.clusterIPs[0]', bad, 'may not change once set');
}

export function validateService(svc: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, svc, { namespaced: true, name: nameIsDNS1035Label });
  const spec = rec(svc['spec']) ?? {};
  const ports = recs(spec['ports']);
  if (ports.length === 0 && !isHeadless(spec) && spec['type'] !== 'ExternalName') c.required('spec.ports');
  validateTypeSpecific(c, spec, ports);
  const names = new Set<string>();
  ports.forEach((p, i) => validateServicePort(c, p, index('spec.ports', i), ports.length > 1, names));
  if (rec(spec['selector'])) validateLabels(c, 'spec.selector', spec['selector']);
  validateSessionAffinity(c, spec);
  validateClusterIPs(c, spec);
  validateExternalIPs(c, spec);
  const type = str(spec['type']);
  if (type === '') c.required('spec.type');
  else if (!SERVICE_TYPES.includes(type)) c.notSupported('spec.type', type, SERVICE_TYPES);
  validatePortUniqueness(c, spec, ports);
  validateLoadBalancerFields(c, spec);
  validateTrafficPolicies(c, spec);
  if (op === 'update' && old) validateUpdate(c, spec, rec(old['spec']) ?? {});
  return c.list;
}
