/**
 * The resource types flatnet's components use, as constants: the REST path of a kind is fixed by
 * its group, version and plural, so there is no need for discovery on every request (discovery.ts
 * covers the kinds we do not know, for the namespace controller and the garbage collector).
 */

export interface ResourceKind {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export const apiVersionOf = (k: Pick<ResourceKind, 'group' | 'version'>): string =>
  k.group === '' ? k.version : `${k.group}/${k.version}`;

const core = (kind: string, plural: string, namespaced = true): ResourceKind => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  namespaced,
});

export const KINDS = {
  namespace: core('Namespace', 'namespaces', false),
  node: core('Node', 'nodes', false),
  pod: core('Pod', 'pods'),
  service: core('Service', 'services'),
  endpoints: core('Endpoints', 'endpoints'),
  event: core('Event', 'events'),
  configMap: core('ConfigMap', 'configmaps'),
  endpointSlice: {
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    namespaced: true,
  },
  deployment: { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  replicaSet: { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true },
  daemonSet: { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true },
  networkPolicy: {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
  },
} as const satisfies Record<string, ResourceKind>;

/** A known kind by apiVersion and kind (ownerReferences name owners this way). */
export function findKnownKind(apiVersion: string, kind: string): ResourceKind | undefined {
  return Object.values(KINDS).find((k) => apiVersionOf(k) === apiVersion && k.kind === kind);
}

/** A stable text id of a kind, for maps and logs: `deployments.apps`, `pods`. */
export const kindId = (k: Pick<ResourceKind, 'group' | 'plural'>): string =>
  k.group === '' ? k.plural : `${k.plural}.${k.group}`;
