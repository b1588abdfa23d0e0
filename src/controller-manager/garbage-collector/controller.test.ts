import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Pod } from '../../client/objects.js';
import { waitFor } from '../../client/wait-for.js';
import { makePod, makeReplicaSet, ownedBy } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { garbageCollector } from './controller.js';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

const rs = (...finalizers: string[]) => makeReplicaSet('web', 2, (r) => (r.metadata.finalizers = finalizers));
const pods = async (h: Harness) => (await h.client.list<Pod>(KINDS.pod)).items;
const seedFamily =
  (...finalizers: string[]) =>
  (c: Harness['client']) => {
    const owner = c.seed(KINDS.replicaSet, rs(...finalizers));
    c.seed(KINDS.pod, makePod('web-a', ownedBy(owner, KINDS.replicaSet)));
    c.seed(KINDS.pod, makePod('web-b', ownedBy(owner, KINDS.replicaSet)));
  };

test('deleting an owner deletes its dependents', async () => {
  harness = await runController(garbageCollector, seedFamily());
  const h = harness;
  await h.client.delete(KINDS.replicaSet, 'default', 'web');
  await waitFor('pods collected', async () => (await pods(h)).length === 0);
  assert.ok(
    h.logs.some((l) => l === 'garbage-collector: deleted pods default/web-a: all owners are gone'),
    h.logs.join('\n'),
  );
});

test('a dependent with another live owner only loses the reference to the gone one', async () => {
  harness = await runController(garbageCollector, (c) => {
    const live = c.seed(KINDS.replicaSet, makeReplicaSet('live', 1));
    c.seed(
      KINDS.pod,
      makePod('shared', ownedBy(live, KINDS.replicaSet), (p) =>
        p.metadata.ownerReferences!.push({
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'gone',
          uid: 'uid-gone',
        }),
      ),
    );
  });
  const h = harness;
  const pod = await waitFor('the dangling reference removed', async () => {
    const [p] = await pods(h);
    return p?.metadata.ownerReferences?.length === 1 && p;
  });
  assert.equal(pod.metadata.ownerReferences![0]!.name, 'live');
});

test('the orphan finalizer releases the dependents before the owner goes', async () => {
  harness = await runController(garbageCollector, seedFamily('orphan'));
  const h = harness;
  await h.client.delete(KINDS.replicaSet, 'default', 'web');
  await waitFor('the owner gone', async () => (await h.client.list(KINDS.replicaSet)).items.length === 0);
  const left = await pods(h);
  assert.deepEqual(
    left.map((p) => [p.metadata.name, p.metadata.ownerReferences]),
    [
      ['web-a', []],
      ['web-b', []],
    ],
  );
});

test('the foregroundDeletion finalizer keeps the owner until its dependents are gone', async () => {
  harness = await runController(garbageCollector, seedFamily('foregroundDeletion'));
  const h = harness;
  await h.client.delete(KINDS.replicaSet, 'default', 'web');
  await waitFor(
    'everything gone',
    async () => (await pods(h)).length === 0 && (await h.client.list(KINDS.replicaSet)).items.length === 0,
  );
  const order = h.client.writes.filter((w) => w.verb === 'delete').map((w) => w.key);
  assert.equal(order.at(-1), 'default/web', `the owner went last: ${order.join(', ')}`);
});
