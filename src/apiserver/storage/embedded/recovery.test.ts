import assert from 'node:assert/strict';
import { appendFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { pod, podKey, rejectsWith } from '../conformance-support.js';
import type { Store } from '../types.js';
import { openEmbeddedStore } from './embedded-store.js';
import { SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, segmentStart } from './log-format.js';
import { tempDir } from './embedded-harness.js';

async function newestSegment(dir: string): Promise<string> {
  const segments = (await readdir(dir)).filter((name) => segmentStart(name) !== undefined).sort();
  return join(dir, segments.at(-1)!);
}

const keysAndRevisions = async (store: Store) =>
  (await store.list('/')).items.map((item) => [item.key, item.revision]);

test('a torn last record (a crash mid-append) is cut off; later writes survive', async () => {
  const dir = await tempDir();
  const store = await openEmbeddedStore({ dir });
  await store.create(podKey('a'), pod('a'));
  const last = await store.create(podKey('b'), pod('b'));
  await store.close();
  await appendFile(await newestSegment(dir), `{"r":${last + 1},"k":"/registry/pods/default/c","v":{"kin`);

  const afterCrash = await openEmbeddedStore({ dir });
  assert.equal(await afterCrash.currentRevision(), last);
  assert.equal(await afterCrash.get(podKey('c')), undefined);
  assert.equal(await afterCrash.create(podKey('c'), pod('c')), last + 1);
  await afterCrash.close();

  // Had the torn bytes stayed, they would now sit in an older segment and read as damage.
  const again = await openEmbeddedStore({ dir });
  assert.deepEqual((await again.get(podKey('c')))?.value, pod('c'));
  await again.close();
});

test('damage before the last record is Corrupt, not silently dropped', async () => {
  const dir = await tempDir();
  const store = await openEmbeddedStore({ dir });
  await store.create(podKey('a'), pod('a'));
  await store.close();
  const segment = await newestSegment(dir);
  await appendFile(segment, 'garbage\n{"r":2,"k":"/registry/pods/default/b","v":{}}\n');
  await rejectsWith(openEmbeddedStore({ dir }), 'Corrupt');
});

test('snapshots fold the log; the state and revisions survive many restarts', async () => {
  const dir = await tempDir();
  let store: Store = await openEmbeddedStore({ dir, snapshotEvery: 25 });
  for (let round = 0; round < 4; round++) {
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.create(podKey(`r${round}-${i}`), pod('x'))));
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.delete(podKey(`r${round}-${i}`))));
    await store.update(podKey(`r${round}-39`), pod('x', { round }));
    const before = await keysAndRevisions(store);
    const revision = await store.currentRevision();
    await store.close();
    store = await openEmbeddedStore({ dir, snapshotEvery: 25 });
    assert.deepEqual(await keysAndRevisions(store), before);
    assert.equal(await store.currentRevision(), revision);
  }
  await store.close();
  const files = await readdir(dir);
  assert.ok(files.includes(SNAPSHOT_FILE));
  assert.ok(files.filter((name) => segmentStart(name) !== undefined).length <= 3, files.join(' '));
});

test('a log with no snapshot yet loads; a leftover temp snapshot is ignored', async () => {
  const dir = await tempDir();
  const store = await openEmbeddedStore({ dir });
  const revision = await store.create(podKey('a'), pod('a'));
  await store.close();
  await writeFile(join(dir, SNAPSHOT_TEMP_FILE), '{"snapshot":1,"revision":9999,"count":1}\n{"r":1,');
  const reopened = await openEmbeddedStore({ dir });
  assert.deepEqual(await reopened.get(podKey('a')), { value: pod('a'), revision });
  await reopened.close();
});

test('a missing snapshot whose log was already folded is Corrupt', async () => {
  const dir = await tempDir();
  const store = await openEmbeddedStore({ dir, snapshotEvery: 10 });
  for (let i = 0; i < 30; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
  await store.close();
  await rm(join(dir, SNAPSHOT_FILE));
  await rejectsWith(openEmbeddedStore({ dir }), 'Corrupt');
});

test('a truncated snapshot is Corrupt', async () => {
  const dir = await tempDir();
  const store = await openEmbeddedStore({ dir, snapshotEvery: 10 });
  for (let i = 0; i < 30; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
  await store.close();
  await writeFile(join(dir, SNAPSHOT_FILE), '{"snapshot":1,"revision":20,"count":20}\n');
  await rejectsWith(openEmbeddedStore({ dir }), 'Corrupt');
});
