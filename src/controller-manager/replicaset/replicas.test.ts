import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createdAt, makePod, makeReplicaSet, onNode, ready, running } from '../testing/fixtures.js';
import { planReplicas, rankForDeletion, replicaSetStatus } from './replicas.js';

const names = (pods: { metadata: { name?: string } }[]) => pods.map((p) => p.metadata.name);

test('missing replicas are created and surplus ones deleted', () => {
  const rs = makeReplicaSet('web', 3);
  assert.deepEqual(planReplicas(rs, [makePod('a')]), { create: 2, delete: [] });
  const four = ['a', 'b', 'c', 'd'].map((n) => makePod(n));
  assert.equal(planReplicas(rs, four).delete.length, 1);
  assert.deepEqual(planReplicas(rs, four.slice(0, 3)), { create: 0, delete: [] });
});

test('surplus pods are deleted unscheduled first, then pending, not ready, newest', () => {
  const pods = [
    makePod(
      'old-ready',
      onNode('n1'),
      running('10.0.0.1'),
      ready(true, '2025-01-01T00:00:00Z'),
      createdAt('2025-01-01T00:00:00Z'),
    ),
    makePod(
      'young-ready',
      onNode('n1'),
      running('10.0.0.2'),
      ready(true, '2025-01-02T00:00:00Z'),
      createdAt('2025-01-01T00:00:00Z'),
    ),
    makePod('running-unready', onNode('n1'), running('10.0.0.3'), ready(false)),
    makePod('pending', onNode('n2')),
    makePod('unscheduled'),
  ];
  assert.deepEqual(names(rankForDeletion(pods)), [
    'unscheduled',
    'pending',
    'running-unready',
    'young-ready',
    'old-ready',
  ]);
});

test('status counts replicas, ready and available pods (minReadySeconds) and the observed generation', () => {
  const rs = makeReplicaSet('web', 3, (r) => {
    r.spec.minReadySeconds = 60;
    r.metadata.generation = 4;
  });
  const now = new Date('2025-01-01T00:01:30Z');
  const pods = [
    makePod('a', ready(true, '2025-01-01T00:00:00Z')),
    makePod('b', ready(true, '2025-01-01T00:01:00Z')),
    makePod('c', ready(false)),
  ];
  assert.deepEqual(replicaSetStatus(rs, pods, now), {
    replicas: 3,
    fullyLabeledReplicas: 0,
    readyReplicas: 2,
    availableReplicas: 1,
    observedGeneration: 4,
  });
});
