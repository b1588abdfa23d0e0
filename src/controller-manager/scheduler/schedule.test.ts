import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Node, Pod } from '../../client/objects.js';
import {
  makeNode,
  makePod,
  makeReplicaSet,
  notReady,
  onNode,
  ownedBy,
  withLabels,
  withPhase,
  type Tweak,
} from '../testing/fixtures.js';
import { tolerates } from './filters.js';
import { needsScheduling, placementOf, schedule, type Placement } from './schedule.js';

const rs = makeReplicaSet('web', 3);
const replica = (name: string, ...tweaks: Tweak<Pod>[]) =>
  makePod(name, ownedBy(rs, KINDS.replicaSet), ...tweaks);
const placed = (...pods: Pod[]): Placement[] => pods.map(placementOf).filter((p) => p !== undefined);
const unschedulable: Tweak<Node> = (n) => (n.spec = { ...n.spec, unschedulable: true });
const tainted: Tweak<Node> = (n) =>
  (n.spec = { ...n.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] });

test('only pending, unbound pods of the default scheduler are scheduled', () => {
  assert.equal(needsScheduling(makePod('p')), true);
  assert.equal(needsScheduling(makePod('p', onNode('n1'))), false);
  assert.equal(needsScheduling(makePod('p', withPhase('Failed'))), false);
  assert.equal(needsScheduling(makePod('p', (p) => (p.spec!.schedulerName = 'other'))), false);
  assert.equal(needsScheduling(makePod('p', (p) => (p.metadata.deletionTimestamp = 'now'))), false);
});

test('replicas spread across nodes before any node gets a second one', () => {
  const nodes = [makeNode('n1'), makeNode('n2'), makeNode('n3')];
  const others = [makePod('x', onNode('n2')), makePod('y', onNode('n2'))];
  assert.deepEqual(schedule(replica('a'), nodes, placed(...others)), { node: 'n1' });
  assert.deepEqual(schedule(replica('b'), nodes, placed(...others, replica('a', onNode('n1')))), {
    node: 'n3',
  });
  const three = placed(...others, replica('a', onNode('n1')), replica('b', onNode('n3')));
  assert.deepEqual(
    schedule(replica('c'), nodes, three),
    { node: 'n2' },
    'same-owner spread wins over total load',
  );
  assert.deepEqual(
    schedule(
      replica('d'),
      nodes,
      placed(replica('a', onNode('n1')), replica('b', onNode('n2')), replica('c', onNode('n3'))),
    ),
    {
      node: 'n1',
    },
  );
});

test('not-ready, unschedulable, tainted and non-matching nodes are filtered with kube-scheduler reasons', () => {
  const ssd = withLabels<Node>({ disk: 'ssd' });
  const nodes = [
    makeNode('a', ssd, notReady()),
    makeNode('b', ssd, unschedulable),
    makeNode('c', ssd, tainted),
    makeNode('d', withLabels({ disk: 'hdd' })),
  ];
  const pod = makePod('p', (p) => (p.spec!.nodeSelector = { disk: 'ssd' }));
  assert.deepEqual(schedule(pod, nodes, []), {
    message:
      "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable.",
  });
  const tolerant = makePod(
    't',
    (p) => (p.spec!.nodeSelector = { disk: 'ssd' }),
    (p) =>
      (p.spec!.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }]),
  );
  assert.deepEqual(schedule(tolerant, nodes.slice(2, 3), []), { node: 'c' });
  assert.deepEqual(schedule(makePod('p'), [], []), { message: 'no nodes available to schedule pods' });
});

test('tolerations follow v1.Toleration.ToleratesTaint', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
  assert.equal(tolerates({ operator: 'Exists' }, taint), true);
  assert.equal(tolerates({ key: 'k', operator: 'Exists' }, taint), true);
  assert.equal(tolerates({ key: 'k', value: 'v' }, taint), true);
  assert.equal(tolerates({ key: 'k', value: 'w' }, taint), false);
  assert.equal(tolerates({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint), false);
  assert.equal(tolerates({ value: 'v' }, taint), false);
});
