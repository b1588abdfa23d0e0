import type { ResourceType } from '../resources/types.js';

/**
 * Storage keys, as kube-apiserver lays them out in etcd: `/registry/<resource>/<ns>/<name>` for core
 * and `/registry/<group>/<resource>/<ns>/<name>` for named groups; cluster-scoped objects drop <ns>.
 * Names and namespaces are validated DNS names, so they never contain '/'.
 */
const base = (r: ResourceType): string =>
  r.group === '' ? `/registry/${r.plural}/` : `/registry/${r.group}/${r.plural}/`;

export function objectKey(r: ResourceType, namespace: string | undefined, name: string): string {
  return r.namespaced ? `${base(r)}${namespace}/${name}` : `${base(r)}${name}`;
}

/** Every object of a type, or of one namespace. */
export function listPrefix(r: ResourceType, namespace?: string): string {
  return r.namespaced && namespace !== undefined ? `${base(r)}${namespace}/` : base(r);
}
