import { apiVersionOf } from './types.js';
import type { ResourceType, TableColumn } from './types.js';
import { CORE_RESOURCES } from './core.js';
import { APPS_RESOURCES } from './apps.js';
import { DISCOVERY_RESOURCES } from './discovery.js';
import { NETWORKING_RESOURCES } from './networking.js';

/**
 * Every resource type the API server serves, grouped as discovery lists them (core, apps,
 * discovery.k8s.io, networking.k8s.io), with lookups by URL path and by apiVersion/kind.
 */

export const RESOURCES: readonly ResourceType[] = [
  ...CORE_RESOURCES,
  ...APPS_RESOURCES,
  ...DISCOVERY_RESOURCES,
  ...NETWORKING_RESOURCES,
];

const byPath = new Map(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.plural}`, r]));
const byKind = new Map(RESOURCES.map((r) => [`${apiVersionOf(r)}/${r.kind}`, r]));

/** `/api/v1/pods` → findResource('', 'v1', 'pods'); `/apis/apps/v1/deployments` → ('apps', 'v1', ...). */
export const findResource = (group: string, version: string, plural: string): ResourceType | undefined =>
  byPath.get(`${group}/${version}/${plural}`);

/** findByKind('v1', 'Pod'), findByKind('networking.k8s.io/v1', 'Ingress'). */
export const findByKind = (apiVersion: string, kind: string): ResourceType | undefined =>
  byKind.get(`${apiVersion}/${kind}`);

/** The group versions served, in discovery order: `v1`, `apps/v1`, ... */
export const GROUP_VERSIONS: readonly string[] = [...new Set(RESOURCES.map(apiVersionOf))];

const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
  cell: (obj) => obj.metadata?.name ?? '',
};

/**
 * The full column list of a Table as Kubernetes prints it: NAME first, except for Events, whose
 * printer ends with NAME as a wide-only column (LAST SEEN, TYPE, REASON, OBJECT, ... NAME).
 */
export function tableColumnsOf(r: ResourceType): readonly TableColumn[] {
  if (r.group === '' && r.plural === 'events') return [...r.columns, { ...NAME_COLUMN, priority: 1 }];
  return [NAME_COLUMN, ...r.columns];
}
