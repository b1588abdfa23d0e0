import type { FieldCause, KubeObject, Operation } from '../types.js';
import { at, int, rec, recs, semanticEqual, sortedKeys, str, strs } from '../json.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortNum,
  regexError,
} from '../../machinery/validation.js';
import { Causes, childPath, index } from './causes.js';
import { goStringSlice } from './go-text.js';
import { parseCIDR, validateCIDR, validateIP, validateNonSpecialIP } from './ip.js';
import { validateProtocol } from './containers.js';
import { nameIsDNSLabel, nameIsDNSSubdomain, validateObjectMeta } from './meta.js';

/**
 * Namespace, Node, ConfigMap, Secret, Endpoints and Event validation of
 * pkg/apis/core/validation (Kubernetes 1.32).
 */

export function validateNamespace(ns: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, ns, { namespaced: false, name: nameIsDNSLabel });
  for (const f of strs(at(ns, 'spec', 'finalizers'))) {
    c.invalidEach('spec.finalizers', f, isQualifiedName(f));
    if (!f.includes('/') && f !== 'kubernetes') {
      c.invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified');
    }
  }
  return c.list;
}

/** ValidateNode: podCIDRs valid, at most one per family, no duplicates; set once, never changed. */
export function validateNode(node: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, node, { namespaced: false, name: nameIsDNSSubdomain });
  const cidrs = strs(at(node, 'spec', 'podCIDRs'));
  cidrs.forEach((cidr, i) => validateCIDR(c, index('spec.podCIDRs', i), cidr));
  if (cidrs.length > 1) {
    const families = cidrs.map((x) => parseCIDR(x)?.ip.family);
    if (cidrs.length > 2 || families[0] === families[1]) {
      c.invalid(
        'spec.podCIDRs',
        goStringSlice(cidrs),
        'may specify no more than one CIDR for each IP family',
      );
    }
    cidrs.forEach((cidr, i) => {
      if (cidrs.indexOf(cidr) < i) c.duplicate(index('spec.podCIDRs', i), cidr);
    });
  }
  const previous = strs(at(old, 'spec', 'podCIDRs'));
  if (op === 'update' && previous.length > 0 && !semanticEqual(previous, cidrs)) {
    c.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid');
  }
  return c.list;
}

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';

/** IsConfigMapKey: also used for Secret keys. */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(key) > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${CONFIG_KEY_FMT}$`).test(key)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** 1 MiB: the size limit of both ConfigMaps and Secrets. */
const MAX_DATA_BYTES = 1024 * 1024;

/** Decoded size of a data map: strings as UTF-8, or base64 for byte fields. */
function dataSize(data: unknown, encoding: 'utf8' | 'base64'): number {
  return Object.values(rec(data) ?? {}).reduce<number>((n, v) => n + Buffer.from(str(v), encoding).length, 0);
}

/** `immutable: true` freezes the data (and itself). */
function validateImmutableData(c: Causes, obj: KubeObject, old: KubeObject, fields: string[]): void {
  if (old['immutable'] !== true) return;
  const when = 'field is immutable when `immutable` is set';
  if (obj['immutable'] !== true) c.forbidden('immutable', when);
  for (const f of fields) if (!semanticEqual(obj[f], old[f])) c.forbidden(f, when);
}

export function validateConfigMap(cm: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  if (op === 'update' && old) validateImmutableData(c, cm, old, ['data', 'binaryData']);
  validateObjectMeta(c, cm, { namespaced: true, name: nameIsDNSSubdomain });
  const data = rec(cm['data']) ?? {};
  const binary = rec(cm['binaryData']) ?? {};
  for (const key of sortedKeys(data)) {
    c.invalidEach(index('data', key), key, isConfigMapKey(key));
    if (binary[key] !== undefined)
      c.invalid(index('data', key), key, 'duplicate of key present in binaryData');
  }
  for (const key of sortedKeys(binary)) c.invalidEach(index('binaryData', key), key, isConfigMapKey(key));
  // The error refers to the whole object: its field path is empty.
  if (dataSize(data, 'utf8') + dataSize(binary, 'base64') > MAX_DATA_BYTES) c.tooLong('', MAX_DATA_BYTES);
  return c.list;
}

/** Keys a typed Secret must carry in data. */
const REQUIRED_SECRET_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

export function validateSecret(secret: KubeObject, op: Operation, old?: KubeObject): FieldCause[] {
  const c = new Causes();
  if (op === 'update' && old) {
    if (str(secret['type']) !== str(old['type'])) c.immutable('type', str(secret['type']));
    validateImmutableData(c, secret, old, ['data']);
  }
  validateObjectMeta(c, secret, { namespaced: true, name: nameIsDNSSubdomain });
  const data = rec(secret['data']) ?? {};
  for (const key of sortedKeys(data)) c.invalidEach(index('data', key), key, isConfigMapKey(key));
  if (dataSize(data, 'base64') > MAX_DATA_BYTES) c.tooLong('data', MAX_DATA_BYTES);
  const type = str(secret['type']);
  for (const key of REQUIRED_SECRET_KEYS[type] ?? [])
    if (data[key] === undefined) c.required(index('data', key));
  if (
    type === 'kubernetes.io/basic-auth' &&
    data['username'] === undefined &&
    data['password'] === undefined
  ) {
    c.required('data[username]').required('data[password]');
  }
  if (type === 'kubernetes.io/ssh-auth' && str(data['ssh-privatekey']) === '')
    c.required('data[ssh-privatekey]');
  if (
    type === 'kubernetes.io/service-account-token' &&
    str(secret.metadata?.annotations?.['kubernetes.io/service-account.name']) === ''
  ) {
    c.required('metadata.annotations[kubernetes.io/service-account.name]');
  }
  return c.list;
}

/** validateEndpointSubsets: addresses are non-special IPs; ports named when several. */
export function validateEndpoints(ep: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, ep, { namespaced: true, name: nameIsDNSSubdomain });
  recs(ep['subsets']).forEach((subset, i) => {
    const path = index('subsets', i);
    const ready = recs(subset['addresses']);
    const notReady = recs(subset['notReadyAddresses']);
    if (ready.length === 0 && notReady.length === 0)
      c.required(path, 'must specify `addresses` or `notReadyAddresses`');
    for (const [key, list] of [
      ['addresses', ready],
      ['notReadyAddresses', notReady],
    ] as const) {
      list.forEach((addr, j) => {
        const p = index(childPath(path, key), j);
        const ip = str(addr['ip']);
        validateIP(c, childPath(p, 'ip'), ip);
        const hostname = str(addr['hostname']);
        if (hostname !== '') c.invalidEach(childPath(p, 'hostname'), hostname, isDNS1123Label(hostname));
        const nodeName = addr['nodeName'];
        if (typeof nodeName === 'string')
          c.invalidEach(childPath(p, 'nodeName'), nodeName, isDNS1123Subdomain(nodeName));
        validateNonSpecialIP(c, childPath(p, 'ip'), ip);
      });
    }
    const ports = recs(subset['ports']);
    ports.forEach((port, j) => {
      const p = index(childPath(path, 'ports'), j);
      const name = str(port['name']);
      if (ports.length > 1 && name === '') c.required(childPath(p, 'name'));
      else if (name !== '') c.invalidEach(childPath(p, 'name'), name, isDNS1123Label(name));
      c.invalidEach(childPath(p, 'port'), int(port['port']), isValidPortNum(int(port['port'])));
      validateProtocol(c, childPath(p, 'protocol'), port['protocol']);
    });
  });
  return c.list;
}

/** legacyValidateEvent: a core/v1 Event lives in its object's namespace ("default" for cluster objects). */
export function validateEvent(ev: KubeObject): FieldCause[] {
  const c = new Causes();
  validateObjectMeta(c, ev, { namespaced: true, name: nameIsDNSSubdomain });
  const namespace = str(ev.metadata?.namespace);
  const involved = str(at(ev, 'involvedObject', 'namespace'));
  const matches = involved === '' ? namespace === '' || namespace === 'default' : namespace === involved;
  if (str(ev['eventTime']) === '' && !matches)
    c.invalid('involvedObject.namespace', involved, 'does not match event.namespace');
  return c.list;
}
