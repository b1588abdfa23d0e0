import type { KubeObject, ResourceType } from './types.js';
import { fieldErrorString } from '../machinery/field-error.js';
import { isRecord } from './json.js';

/**
 * Fixture builders for the tests of this folder, in the style of kube-network-policies:
 * `makePod('web', set('spec.nodeName', 'node-1'), ...)`. Every object is created five minutes
 * before NOW, so AGE cells read "5m".
 */

export type Tweak = (obj: KubeObject) => void;

export const NOW = new Date('2024-05-01T12:00:00Z');

/** An RFC 3339 timestamp `ms` before NOW. */
export const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString().replace('.000Z', 'Z');

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Sets a dotted path (`spec.ports.0.nodePort`), creating records and lists on the way. */
export function set(path: string, value: unknown): Tweak {
  return (obj) => {
    const keys = path.split('.');
    let cur: Record<string, unknown> | unknown[] = obj;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const slot = Array.isArray(cur) ? Number(key) : key;
      const container = cur as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
        return;
      }
      if (!isRecord(container[slot]) && !Array.isArray(container[slot]))
        container[slot] = /^\d+$/.test(keys[i + 1] ?? '') ? [] : {};
      cur = container[slot] as Record<string, unknown> | unknown[];
    });
  };
}

/** Deletes a dotted path. */
export function unset(path: string): Tweak {
  return (obj) => {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let cur: unknown = obj;
    for (const key of keys) cur = (cur as Record<string, unknown> | undefined)?.[key];
    if (isRecord(cur)) delete cur[last];
  };
}

function build(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string | undefined,
  body: Record<string, unknown>,
  tweaks: Tweak[],
): KubeObject {
  const obj: KubeObject = {
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: ago(5 * MINUTE) },
    ...structuredClone(body),
  };
  for (const tweak of tweaks) tweak(obj);
  return obj;
}

export const makePod = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build(
    'v1',
    'Pod',
    name,
    'default',
    { spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
    tweaks,
  );

export const makeService = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build(
    'v1',
    'Service',
    name,
    'default',
    { spec: { selector: { app: name }, ports: [{ port: 80 }] } },
    tweaks,
  );

export const makeNode = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('v1', 'Node', name, undefined, { spec: {} }, tweaks);

export const makeNamespace = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('v1', 'Namespace', name, undefined, {}, tweaks);

const template = (app: string): Record<string, unknown> => ({
  selector: { matchLabels: { app } },
  template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
});

export const makeDeployment = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('apps/v1', 'Deployment', name, 'default', { spec: template(name) }, tweaks);

export const makeReplicaSet = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('apps/v1', 'ReplicaSet', name, 'default', { spec: template(name) }, tweaks);

export const makeDaemonSet = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('apps/v1', 'DaemonSet', name, 'default', { spec: template(name) }, tweaks);

export const makeEndpoints = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('v1', 'Endpoints', name, 'default', {}, tweaks);

export const makeEndpointSlice = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build(
    'discovery.k8s.io/v1',
    'EndpointSlice',
    name,
    'default',
    { addressType: 'IPv4', endpoints: [] },
    tweaks,
  );

export const makeNetworkPolicy = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('networking.k8s.io/v1', 'NetworkPolicy', name, 'default', { spec: { podSelector: {} } }, tweaks);

export const makeIngress = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build(
    'networking.k8s.io/v1',
    'Ingress',
    name,
    'default',
    {
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    tweaks,
  );

export const makeIngressClass = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build(
    'networking.k8s.io/v1',
    'IngressClass',
    name,
    undefined,
    { spec: { controller: 'flatnet.dev/ingress' } },
    tweaks,
  );

export const makeConfigMap = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('v1', 'ConfigMap', name, 'default', { data: {} }, tweaks);

export const makeSecret = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build('v1', 'Secret', name, 'default', {}, tweaks);

export const makeEvent = (name: string, ...tweaks: Tweak[]): KubeObject =>
  build(
    'v1',
    'Event',
    name,
    'default',
    { involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' } },
    tweaks,
  );

/** The object after the resource's defaulting, as the registry stores it. */
export function defaulted(r: ResourceType, obj: KubeObject): KubeObject {
  r.applyDefaults?.(obj);
  return obj;
}

/** Validation output as `field: message` lines, after defaulting (as the registry validates). */
export function problems(r: ResourceType, obj: KubeObject, old?: KubeObject): string[] {
  const next = defaulted(r, obj);
  const previous = old ? defaulted(r, old) : undefined;
  return (r.validate?.(next, previous ? 'update' : 'create', previous) ?? []).map(fieldErrorString);
}

/** One table row as `{ columnName: cell }`, computed at NOW. */
export function row(r: ResourceType, obj: KubeObject): Record<string, unknown> {
  return Object.fromEntries(r.columns.map((c) => [c.name, c.cell(obj, NOW)]));
}
