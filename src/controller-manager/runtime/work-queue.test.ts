import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from './work-queue.js';

test('a key is queued once and never processed twice at the same time', async () => {
  const q = new WorkQueue();
  q.add('a');
  q.add('a');
  q.add('b');
  assert.equal(q.length, 2);
  assert.equal(await q.get(), 'a');
  q.add('a'); // changed while processing: queued again only after done
  assert.equal(await q.get(), 'b');
  assert.equal(q.length, 0);
  q.done('a');
  assert.equal(await q.get(), 'a');
});

test('failures back off exponentially and forget resets them', async () => {
  const q = new WorkQueue({ baseDelayMs: 10, maxDelayMs: 40 });
  q.addRateLimited('x');
  q.addRateLimited('x');
  assert.equal(q.retries('x'), 2);
  const started = Date.now();
  assert.equal(await q.get(), 'x');
  assert.ok(Date.now() - started >= 8, 'waited for the first delay');
  q.forget('x');
  assert.equal(q.retries('x'), 0);
  q.shutDown();
});

test('shutDown releases waiting workers', async () => {
  const q = new WorkQueue();
  const waiting = q.get();
  q.shutDown();
  assert.equal(await waiting, undefined);
});
