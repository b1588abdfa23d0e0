import type { ResourceKind } from './kinds.js';
import type { KubeObject, ListResult, WatchEvent } from './types.js';

/**
 * The one contract flatnet's controllers (and later the node software) use to talk to the API:
 * generic over kinds, plain JSON objects in and out. `HttpApiClient` is the real one;
 * `FakeApiClient` is an in-memory one with the same semantics for unit tests.
 */

export interface ListOptions {
  /** Omit for all namespaces (or for cluster-scoped kinds). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface WatchOptions extends ListOptions {
  /** Events after this version are sent; a version older than the server's history ends in 410. */
  readonly resourceVersion: string;
  readonly timeoutSeconds?: number;
}

export type PatchType = 'merge' | 'strategic' | 'json';

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

export interface PatchOptions {
  readonly type?: PatchType;
  readonly subresource?: 'status';
}

export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}

export interface WatchHandle {
  /** Ends the stream; `done` then resolves. */
  stop(): void;
  /** Resolves when the stream ends (server timeout, stop()); rejects when the connection fails. */
  readonly done: Promise<void>;
}

/** A resource type found by discovery, with its verbs. */
export interface DiscoveredResource extends ResourceKind {
  readonly verbs: readonly string[];
}

export interface ApiClient {
  get<T extends KubeObject>(kind: ResourceKind, namespace: string | undefined, name: string): Promise<T>;
  list<T extends KubeObject>(kind: ResourceKind, options?: ListOptions): Promise<ListResult<T>>;
  /** Creates in `obj.metadata.namespace`. */
  create<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T>;
  /** PUT: optimistic concurrency when `obj.metadata.resourceVersion` is set (409 Conflict if stale). */
  update<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T>;
  updateStatus<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T>;
  patch<T extends KubeObject>(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<T>;
  /** POST pods/<name>/binding: the scheduler's way to set spec.nodeName (409 if bound elsewhere). */
  bindPod(namespace: string, name: string, nodeName: string): Promise<void>;
  delete(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): Promise<void>;
  deleteCollection(kind: ResourceKind, namespace: string, options?: DeleteOptions): Promise<void>;
  /** Streams changes; `onEvent` runs in order, once per event. */
  watch(kind: ResourceKind, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle;
  /** Every served resource type (legacy discovery: /api/v1 and /apis/<group>/<version>). */
  discover(): Promise<DiscoveredResource[]>;
}
