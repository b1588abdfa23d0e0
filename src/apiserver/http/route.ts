import type { ResourceType } from '../resources/types.js';

/** Where a request path points. Pure: the URL path in, a route out. */
export type Route =
  | { readonly kind: 'version' | 'health' | 'api-root' | 'apis-root' | 'openapi-index' }
  | { readonly kind: 'openapi-doc'; readonly group: string; readonly version: string }
  | { readonly kind: 'group'; readonly group: string }
  | { readonly kind: 'group-version'; readonly group: string; readonly version: string }
  | {
      readonly kind: 'resource';
      readonly resource: ResourceType;
      /** Namespace from the URL; undefined for cluster-scoped resources and all-namespace lists. */
      readonly namespace?: string;
      readonly name?: string;
      readonly subresource?: string;
    }
  | { readonly kind: 'not-found' };

export type ResourceLookup = (group: string, version: string, plural: string) => ResourceType | undefined;

const NOT_FOUND: Route = { kind: 'not-found' };
/** What can follow /api/v1/namespaces/<name>/ besides a namespaced resource type. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRoute(path: string, lookup: ResourceLookup): Route {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  const [first, ...rest] = segments;
  switch (first) {
    case 'version':
      return rest.length === 0 ? { kind: 'version' } : NOT_FOUND;
    case 'healthz':
    case 'livez':
    case 'readyz':
      return { kind: 'health' };
    case 'openapi':
      return openapiRoute(rest);
    case 'api':
      if (rest.length === 0) return { kind: 'api-root' };
      return rest[0] === 'v1' ? resourceRoute('', 'v1', rest.slice(1), lookup) : NOT_FOUND;
    case 'apis': {
      const [group, version, ...tail] = rest;
      if (group === undefined) return { kind: 'apis-root' };
      if (version === undefined) return { kind: 'group', group };
      return resourceRoute(group, version, tail, lookup);
    }
    default:
      return NOT_FOUND;
  }
}

function openapiRoute(rest: string[]): Route {
  if (rest[0] !== 'v3') return NOT_FOUND;
  if (rest.length === 1) return { kind: 'openapi-index' };
  if (rest[1] === 'api' && rest[2] === 'v1' && rest.length === 3)
    return { kind: 'openapi-doc', group: '', version: 'v1' };
  if (rest[1] === 'apis' && rest.length === 4)
    return { kind: 'openapi-doc', group: rest[2]!, version: rest[3]! };
  return NOT_FOUND;
}

function resourceRoute(group: string, version: string, tail: string[], lookup: ResourceLookup): Route {
  if (tail.length === 0) return { kind: 'group-version', group, version };
  const namespaces = lookup('', 'v1', 'namespaces');
  // /namespaces/<ns>/<plural>/... is a namespaced resource; /namespaces/<name>[/status] is a Namespace.
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    const namespaced = lookup(group, version, tail[2]!);
    if (namespaced?.namespaced && tail.length <= 5) {
      return withParts({ kind: 'resource', resource: namespaced, namespace: tail[1]! }, tail[3], tail[4]);
    }
    if (group === '' && namespaces && tail.length === 3 && NAMESPACE_SUBRESOURCES.has(tail[2]!)) {
      return { kind: 'resource', resource: namespaces, name: tail[1]!, subresource: tail[2]! };
    }
    return NOT_FOUND;
  }
  const resource = lookup(group, version, tail[0]!);
  if (!resource || tail.length > 3) return NOT_FOUND;
  // A namespaced resource without a namespace is only a list/watch across all namespaces.
  if (resource.namespaced && tail.length > 1) return NOT_FOUND;
  return withParts({ kind: 'resource', resource }, tail[1], tail[2]);
}

function withParts(
  base: { kind: 'resource'; resource: ResourceType; namespace?: string },
  name: string | undefined,
  subresource: string | undefined,
): Route {
  return {
    ...base,
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}
