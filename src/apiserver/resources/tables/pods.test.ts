import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pods } from '../core.js';
import { ago, makePod, MINUTE, row, set } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';

const running = (name: string, ready = true, restartCount = 0): Record<string, unknown> => ({
  name,
  ready,
  restartCount,
  state: { running: { startedAt: ago(4 * MINUTE) } },
});
const waiting = (name: string, reason: string, restartCount = 0): Record<string, unknown> => ({
  name,
  ready: false,
  restartCount,
  state: { waiting: { reason } },
});
const terminated = (name: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode: 0, ...extra } },
});
const phase = (p: string): Tweak => set('status.phase', p);
const statuses = (...s: Record<string, unknown>[]): Tweak => set('status.containerStatuses', s);
const twoContainers = set('spec.containers', [
  { name: 'app', image: 'nginx' },
  { name: 'sidecar', image: 'envoy' },
]);
const initContainers = set('spec.initContainers', [
  { name: 'init-a', image: 'busybox' },
  { name: 'init-b', image: 'busybox' },
]);

// [what, tweaks, READY, STATUS, RESTARTS] as kubectl get pods prints them (printPod, 1.32).
const CASES: [string, Tweak[], string, string, string][] = [
  ['pending and unscheduled', [phase('Pending')], '0/1', 'Pending', '0'],
  [
    'creating its container',
    [phase('Pending'), statuses(waiting('app', 'ContainerCreating'))],
    '0/1',
    'ContainerCreating',
    '0',
  ],
  [
    'running, all ready',
    [phase('Running'), twoContainers, statuses(running('app'), running('sidecar'))],
    '2/2',
    'Running',
    '0',
  ],
  [
    'running, one not ready',
    [phase('Running'), twoContainers, statuses(running('app'), running('sidecar', false))],
    '1/2',
    'Running',
    '0',
  ],
  [
    'pulling fails',
    [phase('Pending'), statuses(waiting('app', 'ImagePullBackOff'))],
    '0/1',
    'ImagePullBackOff',
    '0',
  ],
  [
    'crash looping, last restart 5m ago',
    [
      phase('Running'),
      statuses({
        ...waiting('app', 'CrashLoopBackOff', 5),
        lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * MINUTE) } },
      }),
    ],
    '0/1',
    'CrashLoopBackOff',
    '5 (5m ago)',
  ],
  [
    'restarted without a recorded termination',
    [phase('Running'), statuses(running('app', true, 2))],
    '1/1',
    'Running',
    '2',
  ],
  [
    'completed',
    [phase('Succeeded'), statuses(terminated('app', { reason: 'Completed' }))],
    '0/1',
    'Completed',
    '0',
  ],
  [
    'failed with a reason',
    [phase('Failed'), statuses(terminated('app', { exitCode: 1, reason: 'Error' }))],
    '0/1',
    'Error',
    '0',
  ],
  [
    'killed by a signal, no reason',
    [phase('Failed'), statuses(terminated('app', { exitCode: 137, signal: 9 }))],
    '0/1',
    'Signal:9',
    '0',
  ],
  [
    'exited, no reason',
    [phase('Failed'), statuses(terminated('app', { exitCode: 3 }))],
    '0/1',
    'ExitCode:3',
    '0',
  ],
  ['evicted (status.reason)', [phase('Failed'), set('status.reason', 'Evicted')], '0/1', 'Evicted', '0'],
  [
    'completed container next to a running one, pod ready',
    [
      phase('Running'),
      twoContainers,
      statuses(running('app'), terminated('sidecar', { reason: 'Completed' })),
      set('status.conditions', [{ type: 'Ready', status: 'True' }]),
    ],
    '1/2',
    'Running',
    '0',
  ],
  [
    'completed container next to a running one, pod not ready',
    [
      phase('Running'),
      twoContainers,
      statuses(running('app'), terminated('sidecar', { reason: 'Completed' })),
    ],
    '1/2',
    'NotReady',
    '0',
  ],
  [
    'being deleted',
    [phase('Running'), set('metadata.deletionTimestamp', ago(0)), statuses(running('app'))],
    '1/1',
    'Terminating',
    '0',
  ],
  [
    'deleted after finishing',
    [phase('Succeeded'), set('metadata.deletionTimestamp', ago(0))],
    '0/1',
    'Succeeded',
    '0',
  ],
  [
    'deleted on a lost node',
    [phase('Running'), set('status.reason', 'NodeLost'), set('metadata.deletionTimestamp', ago(0))],
    '0/1',
    'Unknown',
    '0',
  ],
  [
    'gated from scheduling',
    [
      phase('Pending'),
      set('status.conditions', [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }]),
    ],
    '0/1',
    'SchedulingGated',
    '0',
  ],
  [
    'first init container running',
    [
      phase('Pending'),
      initContainers,
      set('status.initContainerStatuses', [running('init-a', false), waiting('init-b', 'PodInitializing')]),
    ],
    '0/1',
    'Init:0/2',
    '0',
  ],
  [
    'second init container crash looping',
    [
      phase('Pending'),
      initContainers,
      set('status.initContainerStatuses', [
        terminated('init-a', { reason: 'Completed' }),
        waiting('init-b', 'CrashLoopBackOff', 3),
      ]),
    ],
    '0/1',
    'Init:CrashLoopBackOff',
    '3',
  ],
  [
    'init container failed',
    [
      phase('Pending'),
      initContainers,
      set('status.initContainerStatuses', [terminated('init-a', { exitCode: 1, reason: 'Error' })]),
    ],
    '0/1',
    'Init:Error',
    '0',
  ],
  [
    'restartable init container (sidecar) counts as a container',
    [
      phase('Running'),
      set('spec.initContainers', [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }]),
      set('status.initContainerStatuses', [{ ...running('proxy'), started: true }]),
      set('status.conditions', [{ type: 'Initialized', status: 'True' }]),
      statuses(running('app')),
    ],
    '2/2',
    'Running',
    '0',
  ],
];

for (const [what, tweaks, ready, status, restarts] of CASES) {
  test(`pod ${what}: READY ${ready}, STATUS ${status}, RESTARTS ${restarts}`, () => {
    const cells = row(pods, makePod('web', ...tweaks));
    assert.deepEqual(
      [cells['Ready'], cells['Status'], cells['Restarts'], cells['Age']],
      [ready, status, restarts, '5m'],
    );
  });
}

test('wide columns: IP, NODE, NOMINATED NODE, READINESS GATES, "<none>" when empty', () => {
  assert.deepEqual(row(pods, makePod('web')), {
    Ready: '0/1',
    Status: '',
    Restarts: '0',
    Age: '5m',
    IP: '<none>',
    Node: '<none>',
    'Nominated Node': '<none>',
    'Readiness Gates': '<none>',
  });
  const scheduled = makePod(
    'web',
    set('spec.nodeName', 'node-1'),
    set('status.podIPs', [{ ip: '10.244.1.5' }]),
    set('status.nominatedNodeName', 'node-2'),
    set('spec.readinessGates', [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }]),
    set('status.conditions', [
      { type: 'example.com/lb', status: 'True' },
      { type: 'example.com/dns', status: 'False' },
    ]),
  );
  const cells = row(pods, scheduled);
  assert.deepEqual(
    [cells['IP'], cells['Node'], cells['Nominated Node'], cells['Readiness Gates']],
    ['10.244.1.5', 'node-1', 'node-2', '1/2'],
  );
});

test('the pod IP falls back to the legacy status.podIP', () => {
  assert.equal(row(pods, makePod('web', set('status.podIP', '10.244.2.7')))['IP'], '10.244.2.7');
});
