import type { KubeObject, ResourceType } from '../resources/types.js';
import { tableColumnsOf } from '../resources/catalog.js';

/**
 * Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): kubectl get shows
 * the columns the server chooses (the catalog's order: NAME first, except for Events);
 * `priority: 1` columns are only shown with `-o wide`.
 */

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => part.includes('as=Table') && part.includes('g=meta.k8s.io'));
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function includeObjectParam(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function columnDefinitions(r: ResourceType) {
  return tableColumnsOf(r).map(({ name, type, format, description, priority }) => ({
    name,
    type,
    format: format ?? '',
    description,
    priority,
  }));
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'Object') return obj;
  if (include === 'None') return undefined;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function tableRows(
  r: ResourceType,
  objects: readonly KubeObject[],
  include: IncludeObject,
  now: Date,
) {
  const columns = tableColumnsOf(r);
  return objects.map((obj) => {
    const object = rowObject(obj, include);
    return { cells: columns.map((c) => c.cell(obj, now)), ...(object === undefined ? {} : { object }) };
  });
}

export function toTable(
  r: ResourceType,
  objects: readonly KubeObject[],
  options: { include: IncludeObject; now: Date; listMeta: Record<string, unknown>; withColumns?: boolean },
) {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMeta,
    ...(options.withColumns === false
      ? { columnDefinitions: null }
      : { columnDefinitions: columnDefinitions(r) }),
    rows: tableRows(r, objects, options.include, options.now),
  };
}
