import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { watchConformance } from './conformance-watch.js';
import type { StoreHarness } from './conformance-support.js';
import { assertIncreasing, pod, podKey, rejectsWith, withStore } from './conformance-support.js';

export type { StoreHarness } from './conformance-support.js';

/**
 * The one behavioural suite every Store backend runs (as hono runs one suite against each of its
 * routers). Revisions are only compared with each other: etcd's are global to the whole cluster.
 */
export function storeConformance(name: string, harness: StoreHarness): void {
  describe(`Store conformance: ${name}`, () => {
    crudConformance(harness);
    listConformance(harness);
    watchConformance(harness);
  });
}

function crudConformance(harness: StoreHarness): void {
  test(
    'create then get returns the value at its revision; missing keys are undefined',
    withStore(harness, async (store) => {
      const revision = await store.create(podKey('a'), pod('a'));
      assert.deepEqual(await store.get(podKey('a')), { value: pod('a'), revision });
      assert.equal(await store.get(podKey('missing')), undefined);
      assert.equal(await store.currentRevision(), revision);
    }),
  );

  test(
    'create of an existing key is AlreadyExists and changes nothing',
    withStore(harness, async (store) => {
      const revision = await store.create(podKey('a'), pod('a'));
      await rejectsWith(store.create(podKey('a'), pod('other')), 'AlreadyExists');
      assert.deepEqual(await store.get(podKey('a')), { value: pod('a'), revision });
    }),
  );

  test(
    'update replaces the value; NotFound and Conflict guard it',
    withStore(harness, async (store) => {
      const created = await store.create(podKey('a'), pod('a'));
      const updated = await store.update(podKey('a'), pod('a', { status: 'v2' }));
      assert.ok(updated > created);
      assert.deepEqual(await store.get(podKey('a')), {
        value: pod('a', { status: 'v2' }),
        revision: updated,
      });
      await rejectsWith(store.update(podKey('a'), pod('a'), { expectedRevision: created }), 'Conflict');
      await rejectsWith(store.update(podKey('missing'), pod('missing')), 'NotFound');
      const third = await store.update(podKey('a'), pod('a', { status: 'v3' }), {
        expectedRevision: updated,
      });
      assert.equal((await store.get(podKey('a')))?.revision, third);
    }),
  );

  test(
    'delete returns the last value; NotFound and Conflict guard it',
    withStore(harness, async (store) => {
      const created = await store.create(podKey('a'), pod('a'));
      const updated = await store.update(podKey('a'), pod('a', { status: 'v2' }));
      await rejectsWith(store.delete(podKey('a'), { expectedRevision: created }), 'Conflict');
      const deleted = await store.delete(podKey('a'), { expectedRevision: updated });
      assert.deepEqual(deleted.value, pod('a', { status: 'v2' }));
      assert.ok(deleted.revision > updated);
      assert.equal(await store.get(podKey('a')), undefined);
      await rejectsWith(store.delete(podKey('a')), 'NotFound');
      assert.ok((await store.create(podKey('a'), pod('a'))) > deleted.revision, 'a key can come back');
    }),
  );

  test(
    'every write moves the revision forward',
    withStore(harness, async (store) => {
      const revisions = [await store.currentRevision()];
      revisions.push(await store.create(podKey('a'), pod('a')));
      revisions.push(await store.create(podKey('b'), pod('b')));
      revisions.push(await store.update(podKey('a'), pod('a', { n: 1 })));
      revisions.push((await store.delete(podKey('b'))).revision);
      revisions.push(await store.update(podKey('a'), pod('a', { n: 2 })));
      assertIncreasing(revisions);
      assert.equal(await store.currentRevision(), revisions.at(-1));
    }),
  );

  test(
    'values are copied: no caller object is shared with the store',
    withStore(harness, async (store) => {
      const value = pod('a');
      await store.create(podKey('a'), value);
      value.metadata.labels.app = 'changed-after-create';
      const read = await store.get(podKey('a'));
      (read!.value as ReturnType<typeof pod>).metadata.labels.app = 'changed-after-get';
      const listed = (await store.list('/registry/pods/')).items[0]!;
      assert.deepEqual(listed.value, pod('a'));
      (listed.value as ReturnType<typeof pod>).metadata.name = 'changed-after-list';
      assert.deepEqual((await store.get(podKey('a')))?.value, pod('a'));
    }),
  );

  test(
    'invalid keys, values and revisions are InvalidArgument',
    withStore(harness, async (store) => {
      await rejectsWith(store.create('', pod('a')), 'InvalidArgument');
      await rejectsWith(store.create(podKey('a'), undefined), 'InvalidArgument');
      await rejectsWith(store.create(podKey('a'), { big: 10n }), 'InvalidArgument');
      await store.create(podKey('a'), pod('a'));
      await rejectsWith(store.update(podKey('a'), pod('a'), { expectedRevision: -1 }), 'InvalidArgument');
      await rejectsWith(store.list('/registry/', { limit: 0 }), 'InvalidArgument');
      await rejectsWith(store.list('/registry/', { continue: 'not-a-token' }), 'InvalidArgument');
    }),
  );
}

function listConformance(harness: StoreHarness): void {
  test(
    'list returns the keys under a prefix in key order, at the current revision',
    withStore(harness, async (store) => {
      for (const name of ['c', 'a', 'b']) await store.create(podKey(name), pod(name));
      await store.create(podKey('x', 'other'), pod('x'));
      await store.create('/registry/podsecuritypolicies/p', { kind: 'NotAPod' });
      const last = await store.create(podKey('d'), pod('d'));
      const listed = await store.list('/registry/pods/default/');
      assert.deepEqual(
        listed.items.map((item) => item.key),
        ['a', 'b', 'c', 'd'].map((n) => podKey(n)),
      );
      assert.deepEqual(listed.items[3], { key: podKey('d'), value: pod('d'), revision: last });
      assert.equal(listed.revision, last);
      assert.equal(listed.continue, undefined);
      assert.equal((await store.list('/registry/pods/')).items.length, 5);
      assert.deepEqual((await store.list('/registry/nothing/')).items, []);
    }),
  );

  test(
    'limit and continue page through one consistent snapshot',
    withStore(harness, async (store) => {
      for (let i = 0; i < 7; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
      const first = await store.list('/registry/pods/', { limit: 3 });
      assert.deepEqual(
        first.items.map((item) => item.key),
        ['p0', 'p1', 'p2'].map((n) => podKey(n)),
      );
      assert.ok(first.continue);
      // Writes between pages must not show up in later pages of the same list.
      await store.delete(podKey('p4'));
      await store.update(podKey('p5'), pod('p5', { changed: true }));
      await store.create(podKey('p31'), pod('p31'));
      const second = await store.list('/registry/pods/', { limit: 3, continue: first.continue });
      assert.equal(second.revision, first.revision);
      assert.deepEqual(
        second.items.map((item) => item.key),
        ['p3', 'p4', 'p5'].map((n) => podKey(n)),
      );
      assert.deepEqual(second.items[2]!.value, pod('p5'));
      const third = await store.list('/registry/pods/', { limit: 3, continue: second.continue });
      assert.deepEqual(
        third.items.map((item) => item.key),
        [podKey('p6')],
      );
      assert.equal(third.continue, undefined);
    }),
  );

  test(
    'list at a past revision shows the state of that moment',
    withStore(harness, async (store) => {
      await store.create(podKey('a'), pod('a'));
      const then = await store.create(podKey('b'), pod('b'));
      await store.update(podKey('a'), pod('a', { changed: true }));
      await store.delete(podKey('b'));
      await store.create(podKey('c'), pod('c'));
      const past = await store.list('/registry/pods/', { revision: then });
      assert.equal(past.revision, then);
      assert.deepEqual(
        past.items.map((item) => [item.key, item.value]),
        [
          [podKey('a'), pod('a')],
          [podKey('b'), pod('b')],
        ],
      );
      const current = await store.currentRevision();
      await rejectsWith(store.list('/registry/pods/', { revision: current + 1000 }), 'FutureRevision');
    }),
  );

  test(
    'list at a compacted revision is Expired',
    withStore(harness, async (store) => {
      const old = await store.create(podKey('a'), pod('a'));
      await store.update(podKey('a'), pod('a', { n: 1 }));
      const latest = await store.update(podKey('a'), pod('a', { n: 2 }));
      await harness.compact(store, latest);
      await rejectsWith(store.list('/registry/pods/', { revision: old }), 'Expired');
      assert.equal((await store.list('/registry/pods/', { revision: latest })).items.length, 1);
    }),
  );
}
