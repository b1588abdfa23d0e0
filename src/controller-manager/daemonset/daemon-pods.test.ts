import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Node, Pod } from '../../client/objects.js';
import {
  makeDaemonSet,
  makeNode,
  makePod,
  notReady,
  onNode,
  ownedBy,
  ready,
  withLabels,
  withPhase,
  type Tweak,
} from '../testing/fixtures.js';
import {
  daemonHash,
  daemonSetStatus,
  planDaemonPods,
  REVISION_HASH_LABEL,
  shouldRunOn,
} from './daemon-pods.js';

const NOW = new Date('2025-01-01T01:00:00Z');
const ds = makeDaemonSet('agent');
const daemon = (name: string, node: string, ...tweaks: Tweak<Pod>[]) =>
  makePod(
    name,
    ownedBy(ds, KINDS.daemonSet),
    onNode(node),
    withLabels({ [REVISION_HASH_LABEL]: daemonHash(ds) }),
    ready(),
    ...tweaks,
  );
const tainted =
  (effect: 'NoSchedule' | 'NoExecute'): Tweak<Node> =>
  (n) =>
    (n.spec = { taints: [{ key: 'dedicated', effect }] });

test('a daemon runs on every node that matches, whatever its readiness or schedulability', () => {
  assert.equal(shouldRunOn(ds, makeNode('n', notReady())), true);
  assert.equal(
    shouldRunOn(
      ds,
      makeNode('n', (n) => (n.spec = { unschedulable: true })),
    ),
    true,
  );
  assert.equal(shouldRunOn(ds, makeNode('n', tainted('NoSchedule'))), false);
  const picky = makeDaemonSet('picky', (d) => (d.spec.template.spec.nodeSelector = { role: 'edge' }));
  assert.equal(shouldRunOn(picky, makeNode('n')), false);
  assert.equal(shouldRunOn(picky, makeNode('n', withLabels({ role: 'edge' }))), true);
});

test('one pod per eligible node: missing ones created, extras, failed and misplaced ones deleted', () => {
  const nodes = [makeNode('n1'), makeNode('n2'), makeNode('n3', tainted('NoExecute'))];
  const pods = [
    daemon('keep', 'n1', (p) => (p.metadata.creationTimestamp = '2025-01-01T00:00:00Z')),
    daemon('extra', 'n1', (p) => (p.metadata.creationTimestamp = '2025-01-01T00:10:00Z')),
    daemon('failed', 'n2', withPhase('Failed')),
    daemon('misplaced', 'n3'),
  ];
  const plan = planDaemonPods(ds, nodes, pods, NOW);
  assert.deepEqual(plan.create, ['n2']);
  assert.deepEqual(plan.delete.map((p) => p.metadata.name).sort(), ['extra', 'failed', 'misplaced']);
});

test('a template change replaces one available pod at a time (maxUnavailable 1)', () => {
  const nodes = [makeNode('n1'), makeNode('n2'), makeNode('n3')];
  const old = (name: string, node: string) =>
    daemon(name, node, withLabels({ [REVISION_HASH_LABEL]: 'old' }));
  const plan = planDaemonPods(ds, nodes, [old('a', 'n1'), old('b', 'n2'), old('c', 'n3')], NOW);
  assert.deepEqual([plan.create, plan.delete.map((p) => p.metadata.name)], [[], ['a']]);
  const midway = planDaemonPods(ds, nodes, [old('b', 'n2'), old('c', 'n3')], NOW);
  assert.deepEqual(
    [midway.create, midway.delete.length],
    [['n1'], 0],
    'wait for the replacement before the next',
  );
});

test('status counts desired, current, ready, updated and misscheduled nodes', () => {
  const nodes = [makeNode('n1'), makeNode('n2'), makeNode('n3', tainted('NoSchedule'))];
  const pods = [daemon('a', 'n1'), daemon('b', 'n2', ready(false)), daemon('c', 'n3')];
  assert.deepEqual(daemonSetStatus(ds, nodes, pods, NOW), {
    observedGeneration: 1,
    desiredNumberScheduled: 2,
    currentNumberScheduled: 2,
    numberMisscheduled: 1,
    numberReady: 1,
    updatedNumberScheduled: 2,
    numberAvailable: 1,
    numberUnavailable: 1,
  });
});
