import { apiVersionOf, type ResourceType } from './resources/types.js';

/**
 * Discovery documents, legacy (/api, /apis, /api/v1, /apis/<g>/<v>) and aggregated
 * (apidiscovery.k8s.io/v2, which kubectl 1.30+ asks for first). Pure functions of the catalog.
 */

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUB_VERBS = ['get', 'patch', 'update'];
const subVerbs = (sub: string): string[] => (sub === 'binding' ? ['create'] : SUB_VERBS);
const subKind = (r: ResourceType, sub: string) =>
  sub === 'scale'
    ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
    : { group: r.group, version: r.version, kind: sub === 'binding' ? 'Binding' : r.kind };

export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => part.includes('as=APIGroupDiscoveryList') && part.includes('v=v2'));
}

function groupsOf(resources: readonly ResourceType[]): Map<string, ResourceType[]> {
  const groups = new Map<string, ResourceType[]>();
  for (const r of resources) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  return groups;
}

const verbsOf = (r: ResourceType): string[] => (r.readOnly ? ['get', 'list', 'watch'] : VERBS);

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: string, version: string) {
  const gv = { groupVersion: `${group}/${version}`, version };
  return { name: group, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(resources: readonly ResourceType[]) {
  const groups = [...groupsOf(resources).entries()].filter(([g]) => g !== '');
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map(([g, rs]) => apiGroup(g, rs[0]!.version)),
  };
}

export function apiGroupDoc(resources: readonly ResourceType[], group: string) {
  const rs = groupsOf(resources).get(group);
  return rs && group !== ''
    ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, rs[0]!.version) }
    : undefined;
}

export function apiResourceList(resources: readonly ResourceType[], group: string, version: string) {
  const rs = resources.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const entries = rs.flatMap((r) => [
    {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: verbsOf(r),
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    },
    ...r.subresources.map((sub) => ({
      name: `${r.plural}/${sub}`,
      singularName: '',
      namespaced: r.namespaced,
      ...(sub === 'scale' ? subKind(r, sub) : { kind: subKind(r, sub).kind }),
      verbs: subVerbs(sub),
    })),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(rs[0]!),
    resources: entries,
  };
}

function discoveryResource(r: ResourceType) {
  return {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: verbsOf(r),
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
    ...(r.subresources.length
      ? {
          subresources: r.subresources.map((sub) => ({
            subresource: sub,
            responseKind: subKind(r, sub),
            verbs: subVerbs(sub),
          })),
        }
      : {}),
  };
}

/** `/api` (core only) or `/apis` (every named group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(resources: readonly ResourceType[], core: boolean) {
  const groups = [...groupsOf(resources).entries()].filter(([g]) => (g === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(([group, rs]) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: [{ version: rs[0]!.version, resources: rs.map(discoveryResource), freshness: 'Current' }],
    })),
  };
}
