import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Pod } from '../../client/objects.js';
import { waitFor } from '../../client/wait-for.js';
import { makeNode, makePod, makeReplicaSet, notReady, ownedBy } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { schedulerController } from './controller.js';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

const nodeOf = async (h: Harness, name: string) =>
  (await h.client.get<Pod>(KINDS.pod, 'default', name)).spec?.nodeName;

test('pending replicas are bound one per ready node, counting pods bound a moment ago', async () => {
  const rs = makeReplicaSet('web', 3);
  harness = await runController(schedulerController, (c) => {
    for (const n of ['n1', 'n2', 'n3']) c.seed(KINDS.node, makeNode(n));
    c.seed(KINDS.node, makeNode('down', notReady()));
    for (const p of ['a', 'b', 'c']) c.seed(KINDS.pod, makePod(p, ownedBy(rs, KINDS.replicaSet)));
  });
  const h = harness;
  const bound = await waitFor('3 bindings', async () => {
    const all = await Promise.all(['a', 'b', 'c'].map((p) => nodeOf(h, p)));
    return all.every(Boolean) && all;
  });
  assert.deepEqual([...bound].sort(), ['n1', 'n2', 'n3']);
  assert.ok(
    h.events.some((e) => e === 'Normal Scheduled a: Successfully assigned default/a to n1'),
    h.events.join('\n'),
  );
});

test('a pod that fits nowhere waits with FailedScheduling until a node fits', async () => {
  harness = await runController(schedulerController, (c) => {
    c.seed(KINDS.node, makeNode('n1'));
    c.seed(
      KINDS.pod,
      makePod('p', (p) => (p.spec!.nodeSelector = { disk: 'ssd' })),
    );
  });
  const h = harness;
  const condition = await waitFor('PodScheduled=False', async () =>
    (await h.client.get<Pod>(KINDS.pod, 'default', 'p')).status?.conditions?.find(
      (c) => c.type === 'PodScheduled',
    ),
  );
  assert.equal(condition.reason, 'Unschedulable');
  assert.deepEqual(h.events, [
    "Warning FailedScheduling p: 0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
  ]);
  await h.client.create(
    KINDS.node,
    makeNode('ssd-1', (n) => (n.metadata.labels = { disk: 'ssd' })),
  );
  assert.equal(await waitFor('the binding', () => nodeOf(h, 'p')), 'ssd-1');
});
