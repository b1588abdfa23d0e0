import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { storeConformance } from '../conformance.js';
import { pod, podKey, rejectsWith, take, watchExpires } from '../conformance-support.js';
import { LOCK_FILE } from './log-format.js';
import { openEmbeddedStore } from './embedded-store.js';
import { embeddedHarness, tempDir } from './embedded-harness.js';

storeConformance('embedded', embeddedHarness());

test('a second store cannot open a directory in use; a stale lock is taken over', async () => {
  const dir = await tempDir();
  const store = await openEmbeddedStore({ dir });
  await rejectsWith(openEmbeddedStore({ dir }), 'Locked');
  await store.close();
  // A pid above Linux's pid_max (2^22) belongs to no process: the lock of a crashed server.
  await writeFile(join(dir, LOCK_FILE), '99999999\n');
  const reopened = await openEmbeddedStore({ dir });
  await reopened.close();
});

test('a closed store refuses every operation', async () => {
  const store = await openEmbeddedStore({ dir: await tempDir() });
  await store.close();
  await rejectsWith(store.create(podKey('a'), pod('a')), 'Closed');
  await rejectsWith(store.get(podKey('a')), 'Closed');
  await rejectsWith(store.watch('/'), 'Closed');
});

test('history is bounded: older watches and lists expire, and so does a watcher that lags', async () => {
  const store = await openEmbeddedStore({ dir: await tempDir(), historyLimit: 10 });
  try {
    const lagging = await store.watch('/registry/pods/');
    const early = await store.create(podKey('p0'), pod('p0'));
    for (let i = 1; i < 30; i++) await store.update(podKey('p0'), pod('p0', { i }));
    await watchExpires(store, '/registry/pods/', early);
    await rejectsWith(store.list('/registry/pods/', { revision: early }), 'Expired');
    await rejectsWith(lagging.next(), 'Expired');
    const recent = await store.watch('/registry/pods/', { fromRevision: early + 25 });
    assert.equal((await take(recent, 4)).at(-1)!.revision, early + 29);
    recent.close();
  } finally {
    await store.close();
  }
});

test('group commit: 10,000 creates, 500 in flight, are durable and fast', async (t) => {
  const dir = await tempDir();
  const store = await openEmbeddedStore({ dir });
  const total = 10_000;
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < total; i = next++) await store.create(podKey(`p${i}`), pod(`p${i}`));
  };
  await Promise.all(Array.from({ length: 500 }, worker));
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`embedded: ${total} creates in ${seconds.toFixed(2)}s = ${Math.round(total / seconds)}/s`);
  await store.close();
  const reopened = await openEmbeddedStore({ dir });
  try {
    assert.equal((await reopened.list('/registry/pods/')).items.length, total);
  } finally {
    await reopened.close();
  }
});
