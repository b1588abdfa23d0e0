import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep } from '../../lib/concurrency.js';
import { serializedLock, type LockFile } from './file-lock.js';

/** An inner lock that records who holds it and fails if two ever do at once. */
function recordingLock() {
  const events: string[] = [];
  let held = 0;
  const lock: LockFile = async (path) => {
    held++;
    assert.equal(held, 1, 'two holders at once');
    events.push(`lock ${path}`);
    return async () => {
      held--;
      events.push(`unlock ${path}`);
    };
  };
  return { lock, events };
}

test('calls in one process take the lock one after the other, in arrival order', async () => {
  const { lock, events } = recordingLock();
  const serialized = serializedLock(lock);
  const order: number[] = [];
  await Promise.all(
    [0, 1, 2, 3].map(async (i) => {
      const unlock = await serialized('/a/lock', 1000);
      order.push(i);
      await sleep(2);
      await unlock();
    }),
  );
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.equal(events.length, 8);
});

test('different files do not wait for each other', async () => {
  const serialized = serializedLock(async () => async () => undefined);
  const unlockA = await serialized('/a/lock', 1000);
  const unlockB = await serialized('/b/lock', 50); // would time out if it queued behind /a
  await Promise.all([unlockA(), unlockB()]);
});

test('a call that waits too long in the queue gets code 11 and the queue goes on', async () => {
  const serialized = serializedLock(async () => async () => undefined);
  const first = await serialized('/a/lock', 1000);
  await assert.rejects(
    serialized('/a/lock', 20),
    (err: unknown) => (err as { cniCode?: number }).cniCode === 11,
  );
  const third = serialized('/a/lock', 1000);
  await first();
  await (
    await third
  )();
});
