import type { FieldError } from '../machinery/field-error.js';

/**
 * What the API server knows about each resource type: identity (group/version/kind/plural),
 * discovery data, table columns for `kubectl get`, and the resource's validation and defaulting.
 * The catalog (catalog.ts) lists every served type; handlers are generic over this contract.
 */

/** A Kubernetes object as JSON. Handlers never assume more than metadata. */
export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
};

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface TableColumn {
  readonly name: string;
  /** OpenAPI type of the cell: string, integer, number, boolean, date. */
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly format?: string;
  readonly description: string;
  /** 0 = always shown; 1 = only with `-o wide`. */
  readonly priority: 0 | 1;
  /** The cell for one object; `now` lets AGE columns be computed (and tested) deterministically. */
  readonly cell: (obj: KubeObject, now: Date) => string | number | boolean;
}

/**
 * A validation failure for one field: machinery's FieldError (`{type, field, badValue, detail}`),
 * which the API layer turns into `details.causes` and Kubernetes' aggregated message.
 */
export type FieldCause = FieldError;

export type Operation = 'create' | 'update';

export interface ResourceType {
  readonly group: string; // '' for core
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** Subresources served under .../<name>/<sub>. */
  readonly subresources: readonly ('status' | 'scale' | 'binding')[];
  /** Field selector paths allowed besides metadata.name and metadata.namespace. */
  readonly fieldSelectors: readonly string[];
  /** Table columns for `kubectl get` (the NAME column is first and added by this contract's user). */
  readonly columns: readonly TableColumn[];
  /** Fills defaults in place (Service port protocol TCP, targetPort = port, ...), before validation. */
  readonly applyDefaults?: (obj: KubeObject) => void;
  /** Returns every problem with the object; empty when valid. `old` is given for updates. */
  readonly validate?: (obj: KubeObject, op: Operation, old?: KubeObject) => FieldCause[];
  /** The strategic-merge-patch schema name for this kind (see machinery/patch). */
  readonly patchSchema?: string;
  /** Cluster-wide singletons and read-only mirrors may refuse writes by users. */
  readonly readOnly?: boolean;
}

export const apiVersionOf = (r: Pick<ResourceType, 'group' | 'version'>): string =>
  r.group === '' ? r.version : `${r.group}/${r.version}`;

/** "pods", "deployments.apps": how Kubernetes names a resource in messages. */
export const qualifiedResource = (r: Pick<ResourceType, 'group' | 'plural'>): string =>
  r.group === '' ? r.plural : `${r.plural}.${r.group}`;
