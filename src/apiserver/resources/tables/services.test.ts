import { test } from 'node:test';
import assert from 'node:assert/strict';
import { services } from '../core.js';
import { makeService, row, set, unset } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';

const ip = set('spec.clusterIPs', ['10.96.0.10']);
const type = (t: string): Tweak => set('spec.type', t);

// [what, tweaks, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S)] as printService prints them (1.32).
const CASES: [string, Tweak[], string, string, string, string][] = [
  [
    'ClusterIP',
    [type('ClusterIP'), ip, set('spec.ports', [{ port: 80, protocol: 'TCP' }])],
    'ClusterIP',
    '10.96.0.10',
    '<none>',
    '80/TCP',
  ],
  [
    'ClusterIP with externalIPs',
    [
      type('ClusterIP'),
      ip,
      set('spec.externalIPs', ['192.0.2.1', '192.0.2.2']),
      set('spec.ports', [{ port: 80, protocol: 'TCP' }]),
    ],
    'ClusterIP',
    '10.96.0.10',
    '192.0.2.1,192.0.2.2',
    '80/TCP',
  ],
  [
    'NodePort, two ports',
    [
      type('NodePort'),
      ip,
      set('spec.ports', [
        { port: 80, protocol: 'TCP', nodePort: 30080 },
        { port: 53, protocol: 'UDP', nodePort: 30053 },
      ]),
    ],
    'NodePort',
    '10.96.0.10',
    '<none>',
    '80:30080/TCP,53:30053/UDP',
  ],
  [
    'LoadBalancer waiting for an address',
    [type('LoadBalancer'), ip, set('spec.ports', [{ port: 443, protocol: 'TCP', nodePort: 31443 }])],
    'LoadBalancer',
    '10.96.0.10',
    '<pending>',
    '443:31443/TCP',
  ],
  [
    'LoadBalancer with addresses (sorted, deduplicated, hostnames too)',
    [
      type('LoadBalancer'),
      ip,
      set('spec.ports', [{ port: 80, protocol: 'TCP', nodePort: 30080 }]),
      set('status.loadBalancer.ingress', [
        { ip: '172.30.0.201' },
        { ip: '172.30.0.200' },
        { ip: '172.30.0.200' },
        { hostname: 'lb.example.com' },
      ]),
    ],
    'LoadBalancer',
    '10.96.0.10',
    '172.30.0.200,172.30.0.201,lb.example.com',
    '80:30080/TCP',
  ],
  [
    'LoadBalancer with an address and externalIPs',
    [
      type('LoadBalancer'),
      ip,
      set('status.loadBalancer.ingress', [{ ip: '172.30.0.200' }]),
      set('spec.externalIPs', ['192.0.2.9']),
    ],
    'LoadBalancer',
    '10.96.0.10',
    '172.30.0.200,192.0.2.9',
    '80/',
  ],
  [
    'LoadBalancer pending but with externalIPs',
    [type('LoadBalancer'), ip, set('spec.externalIPs', ['192.0.2.9'])],
    'LoadBalancer',
    '10.96.0.10',
    '192.0.2.9',
    '80/',
  ],
  [
    'headless',
    [type('ClusterIP'), set('spec.clusterIPs', ['None']), set('spec.ports', [])],
    'ClusterIP',
    'None',
    '<none>',
    '<none>',
  ],
  [
    'ExternalName',
    [type('ExternalName'), set('spec.externalName', 'db.example.com'), unset('spec.ports')],
    'ExternalName',
    '<none>',
    'db.example.com',
    '<none>',
  ],
  ['unknown type', [type('Other'), ip], 'Other', '10.96.0.10', '<unknown>', '80/'],
  [
    'legacy object with only spec.clusterIP',
    [type('ClusterIP'), set('spec.clusterIP', '10.96.0.11')],
    'ClusterIP',
    '10.96.0.11',
    '<none>',
    '80/',
  ],
];

for (const [what, tweaks, svcType, clusterIP, externalIP, ports] of CASES) {
  test(`service ${what}: ${svcType} ${clusterIP} ${externalIP} ${ports}`, () => {
    const cells = row(services, makeService('web', ...tweaks));
    assert.deepEqual(
      [cells['Type'], cells['Cluster-IP'], cells['External-IP'], cells['Port(s)'], cells['Age']],
      [svcType, clusterIP, externalIP, ports, '5m'],
    );
  });
}

test('wide SELECTOR: sorted labels, "<none>" without a selector', () => {
  assert.equal(
    row(services, makeService('web', set('spec.selector', { tier: 'front', app: 'web' })))['Selector'],
    'app=web,tier=front',
  );
  assert.equal(row(services, makeService('web', unset('spec.selector')))['Selector'], '<none>');
  assert.deepEqual(
    services.columns.map((c) => [c.name, c.type, c.priority]),
    [
      ['Type', 'string', 0],
      ['Cluster-IP', 'string', 0],
      ['External-IP', 'string', 0],
      ['Port(s)', 'string', 0],
      ['Age', 'string', 0],
      ['Selector', 'string', 1],
    ],
  );
});
