import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeApiClient } from './fake-client.js';
import { Informer } from './informer.js';
import { KINDS } from './kinds.js';
import type { KubeObject } from './types.js';
import { waitFor } from './wait-for.js';

const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({
  metadata: { name, namespace: 'default' },
  data,
});

function recorder(informer: Informer<KubeObject>): string[] {
  const seen: string[] = [];
  informer.addHandlers({
    add: (o) => seen.push(`add ${o.metadata.name}`),
    update: (_old, o) => seen.push(`update ${o.metadata.name}`),
    delete: (o) => seen.push(`delete ${o.metadata.name}`),
  });
  return seen;
}

let stopping: Informer<KubeObject>[] = [];
afterEach(async () => {
  await Promise.all(stopping.map((i) => i.stop()));
  stopping = [];
});

function start(client: FakeApiClient): { informer: Informer<KubeObject>; seen: string[] } {
  const informer = new Informer<KubeObject>(client, KINDS.configMap, { minBackoffMs: 5, maxBackoffMs: 20 });
  const seen = recorder(informer);
  informer.start();
  stopping.push(informer);
  return { informer, seen };
}

test('the informer lists, then streams adds, updates and deletes into its cache', async () => {
  const client = new FakeApiClient();
  await client.create(KINDS.configMap, cm('a'));
  const { informer, seen } = start(client);
  await informer.waitForSync();
  assert.deepEqual(seen, ['add a']);
  const b = await client.create(KINDS.configMap, cm('b'));
  await client.update(KINDS.configMap, { ...b, data: { x: '1' } });
  await client.delete(KINDS.configMap, 'default', 'a');
  await waitFor('events', () => seen.length === 4);
  assert.deepEqual(seen, ['add a', 'add b', 'update b', 'delete a']);
  assert.deepEqual(informer.get('default/b')?.['data'], { x: '1' });
  assert.equal(informer.get('default/a'), undefined);
});

test('a broken watch resumes from the last resourceVersion without losing events', async () => {
  const client = new FakeApiClient();
  const { informer, seen } = start(client);
  await informer.waitForSync();
  client.breakWatches();
  await client.create(KINDS.configMap, cm('during-outage'));
  await waitFor('the add after reconnecting', () => seen.includes('add during-outage'));
  assert.deepEqual(seen, ['add during-outage']);
});

test('an expired resourceVersion relists and reports the difference', async () => {
  const client = new FakeApiClient();
  await client.create(KINDS.configMap, cm('stays'));
  await client.create(KINDS.configMap, cm('goes'));
  const changes = await client.create(KINDS.configMap, cm('changes'));
  const { informer, seen } = start(client);
  await informer.waitForSync();
  client.breakWatches();
  await client.delete(KINDS.configMap, 'default', 'goes');
  await client.update(KINDS.configMap, { ...changes, data: { v: '2' } });
  await client.create(KINDS.configMap, cm('new'));
  client.compact();
  await waitFor('the relist', () => seen.length === 6);
  assert.deepEqual(seen.slice(3).sort(), ['add new', 'delete goes', 'update changes']);
  assert.deepEqual(
    informer
      .list()
      .map((o) => o.metadata.name)
      .sort(),
    ['changes', 'new', 'stays'],
  );
});

test('late handlers are told about every cached object', async () => {
  const client = new FakeApiClient();
  await client.create(KINDS.configMap, cm('a'));
  const { informer } = start(client);
  await informer.waitForSync();
  assert.deepEqual(recorder(informer), ['add a']);
});
