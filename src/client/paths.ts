import type { ResourceKind } from './kinds.js';

/** REST paths as kube-apiserver lays them out: /api/v1/... for core, /apis/<group>/<version>/... else. */
export function resourcePath(
  kind: ResourceKind,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  const ns = kind.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const object = name !== undefined ? `/${encodeURIComponent(name)}` : '';
  const sub = name !== undefined && subresource ? `/${subresource}` : '';
  return `${base}${ns}/${kind.plural}${object}${sub}`;
}

/** `?a=1&b=2` from the defined entries, or '' when there are none. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
