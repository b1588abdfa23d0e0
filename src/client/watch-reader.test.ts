import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import type { WatchEvent } from './types.js';
import { readWatch } from './watch-reader.js';

const stream = () => new PassThrough() as PassThrough & { complete?: boolean };
const event = (type: string, name: string) => JSON.stringify({ type, object: { metadata: { name } } }) + '\n';

test('events are read line by line; heartbeat newlines are skipped; a finished stream resolves', async () => {
  const res = stream();
  const seen: string[] = [];
  const reader = readWatch(
    res as unknown as IncomingMessage,
    (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name}`),
    1000,
  );
  res.write(event('ADDED', 'a') + '\n');
  res.write(event('MODIFIED', 'a').slice(0, 10));
  res.write(event('MODIFIED', 'a').slice(10));
  res.complete = true;
  res.end();
  await reader.done;
  assert.deepEqual(seen, ['ADDED a', 'MODIFIED a']);
});

test('a silent stream is dropped after the idle timeout; a cut one rejects', async () => {
  const silent = readWatch(stream() as unknown as IncomingMessage, () => {}, 30);
  await assert.rejects(silent.done, /watch silent for 30 ms/);
  const res = stream();
  const cut = readWatch(res as unknown as IncomingMessage, () => {}, 1000);
  res.destroy(new Error('aborted'));
  await assert.rejects(cut.done, /watch broke: aborted/);
});

test('stop() ends the stream without an error', async () => {
  const reader = readWatch(stream() as unknown as IncomingMessage, () => {}, 1000);
  reader.stop();
  await reader.done;
});
