import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoreHarness } from './conformance-support.js';
import { assertIncreasing, pod, podKey, take, watchExpires, withStore } from './conformance-support.js';

const WATCHERS = 200;
const BURST = 300;

export function watchConformance(harness: StoreHarness): void {
  replayConformance(harness);
  concurrencyConformance(harness);
  restartConformance(harness);
}

function replayConformance(harness: StoreHarness): void {
  test(
    'a watch replays history from a past revision, then goes live',
    withStore(harness, async (store) => {
      const before = await store.currentRevision();
      const added = await store.create(podKey('a'), pod('a'));
      const modified = await store.update(podKey('a'), pod('a', { n: 1 }));
      const deleted = (await store.delete(podKey('a'))).revision;
      const watcher = await store.watch('/registry/pods/', { fromRevision: before });
      try {
        assert.deepEqual(await take(watcher, 3), [
          { type: 'ADDED', key: podKey('a'), value: pod('a'), revision: added },
          {
            type: 'MODIFIED',
            key: podKey('a'),
            value: pod('a', { n: 1 }),
            prevValue: pod('a'),
            revision: modified,
          },
          { type: 'DELETED', key: podKey('a'), value: pod('a', { n: 1 }), revision: deleted },
        ]);
        const live = await store.create(podKey('b'), pod('b'));
        assert.deepEqual(await take(watcher, 1), [
          { type: 'ADDED', key: podKey('b'), value: pod('b'), revision: live },
        ]);
      } finally {
        watcher.close();
      }
    }),
  );

  test(
    'a late watch from an older revision replays while earlier watches stay live',
    withStore(harness, async (store) => {
      const start = await store.currentRevision();
      const first = await store.create(podKey('a'), pod('a'));
      const live = await store.watch('/registry/pods/');
      const late = await store.watch('/registry/pods/', { fromRevision: start });
      try {
        const second = await store.create(podKey('b'), pod('b'));
        assert.deepEqual(
          (await take(late, 2)).map((event) => event.revision),
          [first, second],
        );
        assert.deepEqual(
          (await take(live, 1)).map((event) => event.revision),
          [second],
        );
      } finally {
        live.close();
        late.close();
      }
    }),
  );

  test(
    'a watch without a revision starts now and sees only its prefix',
    withStore(harness, async (store) => {
      await store.create(podKey('old'), pod('old'));
      const watcher = await store.watch('/registry/pods/default/');
      try {
        await store.create(podKey('x', 'kube-system'), pod('x'));
        await store.create('/registry/services/default/s', { kind: 'Service' });
        const revision = await store.create(podKey('new'), pod('new'));
        const [event] = await take(watcher, 1);
        assert.deepEqual(event, { type: 'ADDED', key: podKey('new'), value: pod('new'), revision });
      } finally {
        watcher.close();
      }
    }),
  );

  test(
    'closing a watcher ends its iteration',
    withStore(harness, async (store) => {
      const watcher = await store.watch('/registry/pods/');
      const pending = watcher.next();
      watcher.close();
      assert.equal((await pending).done, true);
      const other = await store.watch('/registry/pods/');
      await store.create(podKey('a'), pod('a'));
      for await (const event of other) {
        assert.equal(event.key, podKey('a'));
        break; // `break` calls return(), which must close the watcher
      }
      assert.equal((await other.next()).done, true);
    }),
  );

  test(
    "watch event values are the watcher's own copies",
    withStore(harness, async (store) => {
      const first = await store.watch('/registry/pods/');
      const second = await store.watch('/registry/pods/');
      try {
        await store.create(podKey('a'), pod('a'));
        const [event] = await take(first, 1);
        (event!.value as ReturnType<typeof pod>).metadata.name = 'mutated';
        assert.deepEqual((await take(second, 1))[0]!.value, pod('a'));
        assert.deepEqual((await store.get(podKey('a')))?.value, pod('a'));
      } finally {
        first.close();
        second.close();
      }
    }),
  );

  test(
    'a watch from a compacted revision is Expired',
    withStore(harness, async (store) => {
      const old = await store.currentRevision();
      await store.create(podKey('a'), pod('a'));
      const latest = await store.update(podKey('a'), pod('a', { n: 1 }));
      await harness.compact(store, latest);
      await watchExpires(store, '/registry/pods/', old);
      const watcher = await store.watch('/registry/pods/', { fromRevision: latest });
      try {
        const revision = await store.update(podKey('a'), pod('a', { n: 2 }));
        assert.equal((await take(watcher, 1))[0]!.revision, revision);
      } finally {
        watcher.close();
      }
    }),
  );
}

function concurrencyConformance(harness: StoreHarness): void {
  test(
    'concurrent writes reach a watcher in order, without gaps or duplicates',
    withStore(harness, async (store) => {
      const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
      await Promise.all(names.map((name) => store.create(podKey(name), pod(name))));
      const watcher = await store.watch('/registry/pods/');
      try {
        // Racing updates with preconditions: some lose with Conflict, and those must leave no event.
        const attempts = names.flatMap((name) =>
          [1, 2, 3].map(async (n) => {
            const current = await store.get(podKey(name));
            try {
              return await store.update(podKey(name), pod(name, { n }), {
                expectedRevision: current!.revision,
              });
            } catch {
              return undefined;
            }
          }),
        );
        const written = (await Promise.all(attempts)).filter((r): r is number => r !== undefined);
        const events = await take(watcher, written.length);
        assertIncreasing(events.map((event) => event.revision));
        assert.deepEqual(
          events.map((event) => event.revision),
          [...written].sort((a, b) => a - b),
        );
      } finally {
        watcher.close();
      }
    }),
  );

  test(
    `${WATCHERS} concurrent watchers each receive every event of a burst`,
    withStore(harness, async (store) => {
      const watchers = await Promise.all(
        Array.from({ length: WATCHERS }, () => store.watch('/registry/pods/')),
      );
      try {
        const received = watchers.map((watcher) => take(watcher, BURST, 60_000));
        const written = await Promise.all(
          Array.from({ length: BURST }, (_, i) => store.create(podKey(`burst-${i}`), pod(`burst-${i}`))),
        );
        const expected = [...written].sort((a, b) => a - b);
        for (const events of await Promise.all(received)) {
          assert.deepEqual(
            events.map((event) => event.revision),
            expected,
          );
        }
      } finally {
        for (const watcher of watchers) watcher.close();
      }
    }),
  );
}

function restartConformance(harness: StoreHarness): void {
  test(
    'a restarted store keeps every object and revision, and moves forward',
    withStore(harness, async (first) => {
      await first.create(podKey('a'), pod('a'));
      await first.create(podKey('b'), pod('b'));
      await first.update(podKey('a'), pod('a', { n: 1 }));
      const beforeDelete = await first.currentRevision();
      await first.delete(podKey('b'));
      await first.create(podKey('c'), pod('c'));
      const before = await first.list('/registry/pods/');
      const store = await harness.reopen(first);
      assert.deepEqual(await store.list('/registry/pods/'), before);
      assert.equal(await store.currentRevision(), before.revision);
      assert.ok((await store.create(podKey('d'), pod('d'))) > before.revision);
      const watcher = await store.watch('/registry/pods/', { fromRevision: beforeDelete });
      try {
        const events = await take(watcher, 3);
        assert.deepEqual(
          events.map((event) => [event.type, event.key]),
          [
            ['DELETED', podKey('b')],
            ['ADDED', podKey('c')],
            ['ADDED', podKey('d')],
          ],
        );
      } finally {
        watcher.close();
      }
      return store;
    }),
  );
}
