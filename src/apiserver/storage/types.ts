/**
 * The storage contract of the API server, modelled on Kubernetes' storage.Interface
 * (k8s.io/apiserver/pkg/storage): opaque JSON values under string keys, one global revision that
 * every mutation bumps, optimistic concurrency on the key's mod revision, and watches that replay
 * history from a revision before going live.
 *
 * Two backends: `embedded/` (the default, an append-only log on local disk) and `etcd/` (etcd v3).
 * `conformance.ts` is the one test suite both run.
 *
 * Conventions:
 * - A key's `revision` is the store revision of its last write; the API layer uses it as the
 *   object's resourceVersion. Revisions only move forward, also across restarts.
 * - Values are copied in and out as JSON text: callers never share an object with the store,
 *   and `undefined`, functions and symbols inside values are dropped as JSON.stringify drops them.
 * - Listing and watching select keys by plain string prefix; keys sort by code unit, which for
 *   the ASCII keys of Kubernetes (`/registry/pods/<ns>/<name>`) is etcd's byte order.
 * - Failures are StorageError with a stable code (see errors.ts).
 */

export interface StoredObject {
  readonly value: unknown;
  /** Mod revision: the store revision of the write that produced this value. */
  readonly revision: number;
}

export interface KeyValue extends StoredObject {
  readonly key: string;
}

export interface ListOptions {
  /** Read the prefix as of this revision (a consistent snapshot); default: the current revision. */
  readonly revision?: number;
  /** Maximum number of items in this page; default: no limit. */
  readonly limit?: number;
  /** Token from a previous page; the page is then read at that page's revision. */
  readonly continue?: string;
}

export interface ListResult {
  /** Items in key order. */
  readonly items: KeyValue[];
  /** The store revision the page was read at; a watch from here misses nothing. */
  readonly revision: number;
  /** Present when more items remain: pass it back as `ListOptions.continue`. */
  readonly continue?: string;
}

export interface WriteOptions {
  /** The write only happens if the key's current mod revision equals this (else 'Conflict'). */
  readonly expectedRevision?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly key: string;
  /** ADDED, MODIFIED: the new value. DELETED: the last value before deletion (as Kubernetes sends it). */
  readonly value: unknown;
  /** MODIFIED only: the value this write replaced. */
  readonly prevValue?: unknown;
  /** The revision of this change (for DELETED, the deletion's own revision). */
  readonly revision: number;
}

export interface WatchOptions {
  /**
   * Deliver every change with a revision greater than this one, replaying history first.
   * Default: the current revision (only changes from now on). 'Expired' when history no longer
   * reaches back this far: relist, then watch from the list's revision.
   */
  readonly fromRevision?: number;
}

/**
 * A running watch: iterate it with `for await`. Events come in revision order with no gaps and no
 * duplicates. Iteration ends after `close()` (or the store's), and throws a StorageError when the
 * watch cannot go on ('Expired' when the watcher fell further behind than the retained history).
 * One consumer per watcher.
 */
export interface Watcher extends AsyncIterableIterator<WatchEvent> {
  close(): void;
}

export interface Store {
  get(key: string): Promise<StoredObject | undefined>;
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Resolves to the new revision once the write is durable; 'AlreadyExists' if the key exists. */
  create(key: string, value: unknown): Promise<number>;
  /** Replaces an existing key's value; 'NotFound', or 'Conflict' on a revision mismatch. */
  update(key: string, value: unknown, options?: WriteOptions): Promise<number>;
  /** Removes a key, returning its last value and the deletion's revision; 'NotFound', 'Conflict'. */
  delete(key: string, options?: WriteOptions): Promise<StoredObject>;
  /** Resolves once the watch is registered: changes after that are never missed. */
  watch(prefix: string, options?: WatchOptions): Promise<Watcher>;
  /** The latest committed revision. */
  currentRevision(): Promise<number>;
  /** Waits for pending writes, ends every watcher, and releases the store's resources. */
  close(): Promise<void>;
}
