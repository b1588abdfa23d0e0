import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { storeConformance } from '../conformance.js';
import type { StoreHarness } from '../conformance.js';
import { pod, podKey, rejectsWith, take } from '../conformance-support.js';
import type { Store } from '../types.js';
import type { EtcdProcess } from './etcd-process.js';
import { startEtcd } from './etcd-process.js';
import { EtcdStore } from './etcd-store.js';

// A real etcd from Debian's etcd-server. Without the binary these tests fail (CI installs it).
let etcd: EtcdProcess | undefined;
before(async () => {
  etcd = await startEtcd();
});
after(async () => {
  await etcd?.stop();
});

const prefixes = new WeakMap<Store, string>();
const connect = (keyPrefix: string): EtcdStore => {
  if (!etcd) throw new Error('etcd did not start');
  const store = new EtcdStore({ endpoint: etcd.endpoint, keyPrefix });
  prefixes.set(store, keyPrefix);
  return store;
};

// Each store gets its own key prefix, as each kube-apiserver gets its own --etcd-prefix.
const harness: StoreHarness = {
  open: async () => connect(`/flatnet-test/${randomUUID()}`),
  async reopen(store) {
    await store.close();
    return connect(prefixes.get(store)!);
  },
  compact: (store, revision) => (store as EtcdStore).compact(revision),
};

storeConformance('etcd', harness);

test('etcd: data survives an etcd restart; a watch across it ends with Unavailable', async () => {
  const store = connect(`/flatnet-test/${randomUUID()}`);
  try {
    const revision = await store.create(podKey('a'), pod('a'));
    const watcher = await store.watch('/registry/');
    const ended = rejectsWith(watcher.next(), 'Unavailable');
    await etcd!.restart();
    await ended;
    assert.deepEqual(await store.get(podKey('a')), { value: pod('a'), revision });
    const rewatch = await store.watch('/registry/', { fromRevision: revision });
    const next = await store.create(podKey('b'), pod('b'));
    assert.ok(next > revision);
    assert.equal((await take(rewatch, 1))[0]!.revision, next);
    rewatch.close();
  } finally {
    await store.close();
  }
});

test('etcd: create throughput, 2,000 creates with 100 in flight', async (t) => {
  const store = connect(`/flatnet-test/${randomUUID()}`);
  try {
    const total = 2_000;
    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      for (let i = next++; i < total; i = next++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    };
    await Promise.all(Array.from({ length: 100 }, worker));
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`etcd: ${total} creates in ${seconds.toFixed(2)}s = ${Math.round(total / seconds)}/s`);
    assert.equal((await store.list('/registry/pods/')).items.length, total);
  } finally {
    await store.close();
  }
});
