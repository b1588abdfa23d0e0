import assert from 'node:assert/strict';
import type { StorageErrorCode } from './errors.js';
import { isStorageError } from './errors.js';
import type { Store, WatchEvent, Watcher } from './types.js';

/** How the conformance suite gets stores of one backend. */
export interface StoreHarness {
  /** A store over empty data (for etcd: a fresh key prefix). */
  open(): Promise<Store>;
  /** Closes `store` and opens another over the same data: a restart, or for etcd a reconnect. */
  reopen(store: Store): Promise<Store>;
  /** Discards the history before `revision`: lists and watches from older revisions get 'Expired'. */
  compact(store: Store, revision: number): Promise<void>;
}

export type StoreTest = (store: Store, harness: StoreHarness) => Promise<void>;

/** Runs `body` on a fresh store and always closes whichever store the body ends with. */
export function withStore(harness: StoreHarness, body: (store: Store) => Promise<Store | void>) {
  return async (): Promise<void> => {
    let store = await harness.open();
    try {
      store = (await body(store)) ?? store;
    } finally {
      await store.close();
    }
  };
}

export async function rejectsWith(promise: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isStorageError(err, code), `expected StorageError ${code}, got ${String(err)}`);
    return true;
  });
}

/** The next `count` events; fails if the watch ends or stalls for `timeoutMs`. */
export async function take(watcher: Watcher, count: number, timeoutMs = 20_000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const timer = setTimeout(() => watcher.close(), timeoutMs);
  try {
    while (events.length < count) {
      const result = await watcher.next();
      if (result.done) break;
      events.push(result.value);
    }
  } finally {
    clearTimeout(timer);
  }
  assert.equal(events.length, count, `the watch ended or stalled after ${events.length} of ${count} events`);
  return events;
}

/** Watching from a compacted revision fails either at `watch()` or on the first `next()`. */
export async function watchExpires(store: Store, prefix: string, fromRevision: number): Promise<void> {
  const attempt = async (): Promise<void> => {
    const watcher = await store.watch(prefix, { fromRevision });
    try {
      await take(watcher, 1, 10_000);
    } finally {
      watcher.close();
    }
  };
  await rejectsWith(attempt(), 'Expired');
}

export function assertIncreasing(revisions: readonly number[]): void {
  for (let i = 1; i < revisions.length; i++) {
    assert.ok(revisions[i]! > revisions[i - 1]!, `revision ${revisions[i]} after ${revisions[i - 1]}`);
  }
}

export const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'netexec' }] },
  ...extra,
});

export const podKey = (name: string, namespace = 'default'): string => `/registry/pods/${namespace}/${name}`;
