import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { StoreHarness } from '../conformance.js';
import type { Store } from '../types.js';
import { EmbeddedStore, openEmbeddedStore } from './embedded-store.js';
import type { EmbeddedStoreOptions } from './embedded-store.js';

/** A temp data directory that is removed when the test file finishes, pass or fail. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flatnet-store-'));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The conformance harness for the embedded store: each store in its own temp directory. */
export function embeddedHarness(options: Omit<EmbeddedStoreOptions, 'dir'> = {}): StoreHarness {
  const dirs = new WeakMap<Store, string>();
  const openIn = async (dir: string): Promise<Store> => {
    const store = await openEmbeddedStore({ ...options, dir });
    dirs.set(store, dir);
    return store;
  };
  return {
    open: async () => openIn(await tempDir()),
    async reopen(store) {
      await store.close();
      return openIn(dirs.get(store)!);
    },
    async compact(store, revision) {
      assertEmbedded(store).compact(revision);
    },
  };
}

function assertEmbedded(store: Store): EmbeddedStore {
  if (!(store instanceof EmbeddedStore)) throw new Error('not an embedded store');
  return store;
}
