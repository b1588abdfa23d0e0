import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStorageError } from './errors.js';
import type { Change } from './history.js';
import { History } from './history.js';
import { HistoryWatcher, wakeAll } from './history-watcher.js';
import type { WatchSource } from './history-watcher.js';

const put = (revision: number, key = `/k${revision}`): Change => ({
  type: 'ADDED',
  revision,
  key,
  text: JSON.stringify({ revision }),
  prev: undefined,
});

function source(history: History): WatchSource & { push(change: Change): void } {
  const wakers = new Set<() => void>();
  return {
    history,
    wakers,
    failure: undefined,
    forget: () => undefined,
    push(change) {
      history.push(change);
      wakeAll(wakers);
    },
  };
}

test('history keeps between limit and twice limit changes and records what it dropped', () => {
  const history = new History(3, 0);
  for (let revision = 1; revision <= 5; revision++) history.push(put(revision));
  assert.equal(history.compacted, 0);
  history.push(put(6));
  assert.equal(history.compacted, 3);
  assert.deepEqual(
    [...history.newestFirst(3)].map((c) => c.revision),
    [6, 5, 4],
  );
  history.compactTo(5);
  assert.equal(history.compacted, 5);
  assert.equal(history.bySeq(history.seqAfter(5)).revision, 6);
  assert.throws(() => history.push(put(4)), /comes after/);
});

test('a watcher delivers changes that share a revision (one etcd transaction), and skips gaps', async () => {
  const feed = source(new History(100, 10));
  const watcher = new HistoryWatcher(feed, '/a/', 10);
  feed.push(put(12, '/a/1'));
  feed.push(put(15, '/b/1'));
  feed.push(put(15, '/a/2'));
  feed.push(put(15, '/a/3'));
  const keys = [];
  for (let i = 0; i < 3; i++) keys.push((await watcher.next()).value.key);
  assert.deepEqual(keys, ['/a/1', '/a/2', '/a/3']);
  const pending = watcher.next();
  feed.push(put(20, '/a/4'));
  assert.equal((await pending).value.revision, 20);
  watcher.close();
});

test('a watcher skips changes at or below its start that a feed delivers late', async () => {
  const feed = source(new History(100, 10));
  const watcher = new HistoryWatcher(feed, '/', 13);
  feed.push(put(12));
  feed.push(put(13));
  feed.push(put(14));
  assert.equal((await watcher.next()).value.revision, 14);
  watcher.close();
});

test('a watcher that falls behind the retained history expires', async () => {
  const feed = source(new History(2, 0));
  const watcher = new HistoryWatcher(feed, '/', 0);
  for (let revision = 1; revision <= 4; revision++) feed.push(put(revision));
  await assert.rejects(watcher.next(), (err) => isStorageError(err, 'Expired'));
});
