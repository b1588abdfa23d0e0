import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonSets, deployments, replicaSets } from '../apps.js';
import { makeDaemonSet, makeDeployment, makeReplicaSet, row, set } from '../fixtures.js';

test('deployment: READY ready/desired, UP-TO-DATE, AVAILABLE; wide CONTAINERS, IMAGES, SELECTOR', () => {
  const d = makeDeployment(
    'web',
    set('spec.replicas', 3),
    set('status', { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 }),
    set('spec.template.spec.containers', [
      { name: 'app', image: 'nginx:1.25' },
      { name: 'log', image: 'fluent-bit' },
    ]),
    set('spec.selector', {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
    }),
  );
  assert.deepEqual(row(deployments, d), {
    Ready: '2/3',
    'Up-to-date': 3,
    Available: 2,
    Age: '5m',
    Containers: 'app,log',
    Images: 'nginx:1.25,fluent-bit',
    Selector: 'app=web,tier in (a,b)',
  });
  assert.equal(row(deployments, makeDeployment('x', set('spec.selector', {})))['Selector'], '');
  assert.equal(
    row(
      deployments,
      makeDeployment('x', set('spec.selector.matchExpressions', [{ key: 'a', operator: 'Bad' }])),
    )['Selector'],
    '<invalid>',
  );
});

test('replicaset: DESIRED, CURRENT, READY as integers; SELECTOR "<none>" when empty', () => {
  const rs = makeReplicaSet(
    'web-5d8f',
    set('spec.replicas', 2),
    set('status', { replicas: 2, readyReplicas: 1 }),
  );
  assert.deepEqual(row(replicaSets, rs), {
    Desired: 2,
    Current: 2,
    Ready: 1,
    Age: '5m',
    Containers: 'app',
    Images: 'nginx:1.25',
    Selector: 'app=web-5d8f',
  });
  assert.equal(row(replicaSets, makeReplicaSet('x', set('spec.selector', {})))['Selector'], '<none>');
  assert.deepEqual(
    replicaSets.columns.map((c) => [c.name, c.type, c.priority]),
    [
      ['Desired', 'integer', 0],
      ['Current', 'integer', 0],
      ['Ready', 'integer', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ],
  );
});

test('daemonset: the five counters, NODE SELECTOR, AGE, then wide columns', () => {
  const ds = makeDaemonSet(
    'flatnet-agent',
    set('status', {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 2,
      updatedNumberScheduled: 3,
      numberAvailable: 2,
    }),
    set('spec.template.spec.nodeSelector', { 'kubernetes.io/os': 'linux' }),
  );
  assert.deepEqual(row(daemonSets, ds), {
    Desired: 3,
    Current: 3,
    Ready: 2,
    'Up-to-date': 3,
    Available: 2,
    'Node Selector': 'kubernetes.io/os=linux',
    Age: '5m',
    Containers: 'app',
    Images: 'nginx:1.25',
    Selector: 'app=flatnet-agent',
  });
  assert.equal(row(daemonSets, makeDaemonSet('x'))['Node Selector'], '<none>');
});
