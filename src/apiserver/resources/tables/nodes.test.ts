import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodes } from '../core.js';
import { makeNode, row, set } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';

const ready = (status: string): Tweak =>
  set('status.conditions', [
    { type: 'MemoryPressure', status: 'False' },
    { type: 'Ready', status },
  ]);

// [what, tweaks, STATUS, ROLES] as printNode prints them (1.32).
const CASES: [string, Tweak[], string, string][] = [
  ['ready', [ready('True')], 'Ready', '<none>'],
  ['not ready', [ready('False')], 'NotReady', '<none>'],
  ['ready condition unknown', [ready('Unknown')], 'NotReady', '<none>'],
  ['no Ready condition yet', [], 'Unknown', '<none>'],
  ['cordoned', [ready('True'), set('spec.unschedulable', true)], 'Ready,SchedulingDisabled', '<none>'],
  [
    'cordoned and down',
    [ready('False'), set('spec.unschedulable', true)],
    'NotReady,SchedulingDisabled',
    '<none>',
  ],
  [
    'with role labels',
    [
      ready('True'),
      set('metadata.labels', {
        'node-role.kubernetes.io/worker': '',
        'node-role.kubernetes.io/control-plane': '',
        'node-role.kubernetes.io/': '',
      }),
    ],
    'Ready',
    'control-plane,worker',
  ],
  [
    'with the legacy role label',
    [ready('True'), set('metadata.labels', { 'kubernetes.io/role': 'master' })],
    'Ready',
    'master',
  ],
];

for (const [what, tweaks, status, roles] of CASES) {
  test(`node ${what}: STATUS ${status}, ROLES ${roles}`, () => {
    const cells = row(nodes, makeNode('node-1', ...tweaks));
    assert.deepEqual([cells['Status'], cells['Roles'], cells['Age']], [status, roles, '5m']);
  });
}

test('VERSION and the wide columns come from status.nodeInfo and status.addresses', () => {
  const node = makeNode(
    'node-1',
    set('status.nodeInfo', {
      kubeletVersion: 'v1.32.0-flatnet',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      kernelVersion: '6.1.0-18-amd64',
      containerRuntimeVersion: 'flatnet://0.1.0',
    }),
    set('status.addresses', [
      { type: 'Hostname', address: 'node-1' },
      { type: 'InternalIP', address: '172.30.0.11' },
    ]),
  );
  assert.deepEqual(row(nodes, node), {
    Status: 'Unknown',
    Roles: '<none>',
    Age: '5m',
    Version: 'v1.32.0-flatnet',
    'Internal-IP': '172.30.0.11',
    'External-IP': '<none>',
    'OS-Image': 'Debian GNU/Linux 12 (bookworm)',
    'Kernel-Version': '6.1.0-18-amd64',
    'Container-Runtime': 'flatnet://0.1.0',
  });
});

test('a node without nodeInfo shows an empty VERSION and "<unknown>" wide fields', () => {
  const cells = row(nodes, makeNode('node-1'));
  assert.deepEqual(
    [cells['Version'], cells['OS-Image'], cells['Kernel-Version'], cells['Container-Runtime']],
    ['', '<unknown>', '<unknown>', '<unknown>'],
  );
  assert.deepEqual(
    nodes.columns.filter((c) => c.priority === 1).map((c) => c.name),
    ['Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime'],
  );
});
