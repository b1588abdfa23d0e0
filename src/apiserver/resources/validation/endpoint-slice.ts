import type { FieldCause, KubeObject, Operation } from '../types.js';
import type { Json } from '../json.js';
import { isRecord, recs, str, strs } from '../json.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../machinery/validation.js';
import { Causes, childPath, index } from './causes.js';
import { parseIP, validateNonSpecialIP } from './ip.js';
import { nameIsDNSSubdomain, validateObjectMeta } from './meta.js';

/** ValidateEndpointSlice and its update of pkg/apis/discovery/validation (Kubernetes 1.32). */

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6']; // sorted, as sets.String.List
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateAddress(c: Causes, address: string, addressType: string, path: string): void {
  const ip = parseIP(address);
  if (addressType === 'IPv4') {
    if (ip?.family !== 'ipv4') c.invalid(path, address, 'must be a valid IPv4 address');
    else validateNonSpecialIP(c, path, address);
  } else if (addressType === 'IPv6') {
    if (ip?.family !== 'ipv6') c.invalid(path, address, 'must be a valid IPv6 address');
    else validateNonSpecialIP(c, path, address);
  } else if (addressType === 'FQDN') {
    c.invalidEach(path, address, isDNS1123Subdomain(address));
  }
}

function validateEndpoints(c: Causes, endpoints: Json[], addressType: string): void {
  endpoints.forEach((ep, i) => {
    const path = index('endpoints', i);
    const addresses = strs(ep['addresses']);
    if (addresses.length === 0) c.required(childPath(path, 'addresses'), 'must contain at least 1 address');
    addresses.forEach((a, j) => validateAddress(c, a, addressType, index(childPath(path, 'addresses'), j)));
    const nodeName = ep['nodeName'];
    if (typeof nodeName === 'string')
      c.invalidEach(childPath(path, 'nodeName'), nodeName, isDNS1123Subdomain(nodeName));
    for (const key of ['zone', 'hostname']) {
      const value = ep[key];
      if (typeof value === 'string') c.invalidEach(childPath(path, key), value, isDNS1123Label(value));
    }
  });
}

function validatePorts(c: Causes, ports: Json[]): void {
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const path = index('ports', i);
    const name = str(port['name']);
    if (name !== '') c.invalidEach(childPath(path, 'name'), name, isDNS1123Label(name));
    if (names.has(name)) c.duplicate(childPath(path, 'name'), name);
    else names.add(name);
    const protocol = port['protocol'];
    if (typeof protocol !== 'string') c.required(childPath(path, 'protocol'));
    else if (!PROTOCOLS.includes(protocol)) c.notSupported(childPath(path, 'protocol'), protocol, PROTOCOLS);
    if (typeof port['appProtocol'] === 'string') {
      c.invalidEach(
        childPath(path, 'appProtocol'),
        port['appProtocol'],
        isQualifiedName(port['appProtocol']),
      );
    }
  });
}

export function validateEndpointSlice(slice: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, slice, { namespaced: true, name: nameIsDNSSubdomain });
  const addressType = str(slice['addressType']);
  if (addressType === '') c.required('addressType');
  else if (!ADDRESS_TYPES.includes(addressType)) c.notSupported('addressType', addressType, ADDRESS_TYPES);
  validateEndpoints(c, recs(slice['endpoints']), addressType);
  validatePorts(c, recs(slice['ports']));
  if (op === 'update' && isRecord(old) && str(old['addressType']) !== addressType)
    c.immutable('addressType', addressType);
  return c.list;
}
