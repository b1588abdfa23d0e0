import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../lib/errors.js';
import type { KernelOp } from '../types.js';
import { groupByTool, opLines, type ToolLine } from './argv.js';

const line = (text: string): ToolLine => {
  const [tool, ...args] = text.split(' ');
  return { tool: tool as ToolLine['tool'], args };
};

const CASES: [KernelOp, string[]][] = [
  [
    {
      op: 'link.add',
      link: { kind: 'veth', name: 'veth1', peer: { name: 'eth0', netns: 'pod-1' }, mtu: 1450 },
    },
    ['ip link add veth1 mtu 1450 type veth peer name eth0 netns pod-1'],
  ],
  [
    { op: 'link.add', link: { kind: 'bridge', name: 'cni0', mac: '02:00:00:00:00:01' } },
    ['ip link add cni0 address 02:00:00:00:00:01 type bridge'],
  ],
  [{ op: 'link.add', link: { kind: 'dummy', name: 'd0' } }, ['ip link add d0 type dummy']],
  [
    {
      op: 'link.add',
      link: {
        kind: 'vxlan',
        name: 'flannel.1',
        vni: 1,
        port: 8472,
        local: '172.30.0.11',
        dev: 'eth0',
        learning: false,
      },
    },
    ['ip link add flannel.1 type vxlan id 1 dstport 8472 local 172.30.0.11 dev eth0 nolearning'],
  ],
  [{ op: 'link.delete', name: 'veth1' }, ['ip link del dev veth1']],
  [
    {
      op: 'link.set',
      name: 'veth1',
      change: { mtu: 1400, master: 'cni0', hairpin: true, up: true, netns: 'n1' },
    },
    [
      'ip link set dev veth1 mtu 1400 master cni0',
      'ip link set dev veth1 type bridge_slave hairpin on',
      'ip link set dev veth1 up',
      'ip link set dev veth1 netns n1',
    ],
  ],
  [
    { op: 'link.set', name: 'veth1', change: { master: null, up: false } },
    ['ip link set dev veth1 nomaster', 'ip link set dev veth1 down'],
  ],
  [{ op: 'link.set', name: 'veth1', change: {} }, []],
  [
    { op: 'addr.add', address: { dev: 'eth0', cidr: '10.244.1.5/24' } },
    ['ip addr add 10.244.1.5/24 dev eth0'],
  ],
  [
    { op: 'addr.delete', address: { dev: 'eth0', cidr: '10.244.1.5/24' } },
    ['ip addr del 10.244.1.5/24 dev eth0'],
  ],
  [
    {
      op: 'route.add',
      route: { dst: 'default', via: '10.244.1.1', dev: 'eth0', src: '10.244.1.5', metric: 10 },
    },
    ['ip route add default via 10.244.1.1 dev eth0 src 10.244.1.5 metric 10'],
  ],
  [
    {
      op: 'route.replace',
      route: { dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true },
    },
    ['ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink'],
  ],
  [
    { op: 'route.add', route: { dst: '10.96.0.0/12', type: 'blackhole', table: 100, scope: 'global' } },
    ['ip route add blackhole 10.96.0.0/12 scope global table 100'],
  ],
  [{ op: 'route.delete', route: { dst: '10.244.2.0/24', type: 'unicast' } }, ['ip route del 10.244.2.0/24']],
  [
    { op: 'neigh.replace', neigh: { ip: '10.244.2.0', mac: '0a:58:0a:f4:02:00', dev: 'flannel.1' } },
    ['ip neigh replace 10.244.2.0 lladdr 0a:58:0a:f4:02:00 dev flannel.1 nud permanent'],
  ],
  [
    { op: 'neigh.replace', neigh: { ip: '10.0.0.2', mac: '02:00:00:00:00:02', dev: 'eth0', state: 'stale' } },
    ['ip neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud stale'],
  ],
  [
    { op: 'neigh.delete', neigh: { ip: '10.244.2.0', dev: 'flannel.1' } },
    ['ip neigh del 10.244.2.0 dev flannel.1'],
  ],
  [
    { op: 'fdb.append', fdb: { mac: '0a:58:0a:f4:02:00', dev: 'flannel.1', dst: '172.30.0.12' } },
    ['bridge fdb append 0a:58:0a:f4:02:00 dev flannel.1 dst 172.30.0.12 self permanent'],
  ],
  [
    {
      op: 'fdb.replace',
      fdb: { mac: '0a:58:0a:f4:02:00', dev: 'flannel.1', dst: '172.30.0.12', permanent: false },
    },
    ['bridge fdb replace 0a:58:0a:f4:02:00 dev flannel.1 dst 172.30.0.12 self'],
  ],
  [
    { op: 'fdb.delete', fdb: { mac: '0a:58:0a:f4:02:00', dev: 'flannel.1', dst: '172.30.0.12' } },
    ['bridge fdb delete 0a:58:0a:f4:02:00 dev flannel.1 dst 172.30.0.12 self'],
  ],
];

test('translates each op into iproute2 lines', () => {
  for (const [op, lines] of CASES) assert.deepEqual(opLines(op), lines.map(line), JSON.stringify(op));
});

test('groups consecutive lines of one tool into one batch, keeping order', () => {
  const groups = groupByTool(['ip a', 'ip b', 'bridge c', 'ip d'].map(line));
  assert.deepEqual(groups, [
    { tool: 'ip', lines: [['a'], ['b']] },
    { tool: 'bridge', lines: [['c']] },
    { tool: 'ip', lines: [['d']] },
  ]);
});

/** Values that would become options, paths, extra words or extra batch lines if they got through. */
const HOSTILE_NAMES = [
  'eth 0',
  '-eth0',
  '--help',
  'a/b',
  '..',
  '.',
  '',
  'x'.repeat(16),
  'eth0\nip link del lo',
  'a:b',
  'é',
];

test('rejects hostile names before producing any line', () => {
  const ops = (name: string): KernelOp[] => [
    { op: 'link.add', link: { kind: 'bridge', name } },
    { op: 'link.add', link: { kind: 'veth', name: 'v0', peer: { name } } },
    { op: 'link.delete', name },
    { op: 'link.set', name: 'v0', change: { master: name } },
    { op: 'addr.add', address: { dev: name, cidr: '10.0.0.1/24' } },
    { op: 'route.add', route: { dst: '10.0.0.0/8', dev: name } },
    { op: 'neigh.delete', neigh: { ip: '10.0.0.1', dev: name } },
    { op: 'fdb.append', fdb: { mac: '02:00:00:00:00:01', dev: name } },
  ];
  for (const name of HOSTILE_NAMES) {
    for (const op of ops(name))
      assert.throws(() => opLines(op), InvalidInputError, `${JSON.stringify(name)} in ${op.op}`);
  }
});

test('rejects hostile namespace names, addresses, MACs and numbers', () => {
  const bad: KernelOp[] = [
    { op: 'link.set', name: 'v0', change: { netns: '../../etc' } },
    { op: 'link.set', name: 'v0', change: { netns: '-n' } },
    { op: 'link.add', link: { kind: 'veth', name: 'v0', peer: { name: 'v1', netns: 'a b' } } },
    { op: 'link.set', name: 'v0', change: { mac: '01:00:5e:00:00:01' } },
    { op: 'link.set', name: 'v0', change: { mac: '00:00:00:00:00:00' } },
    { op: 'link.set', name: 'v0', change: { mac: '02:00:00:00:00:0G' } },
    { op: 'link.set', name: 'v0', change: { mtu: 67 } },
    { op: 'link.set', name: 'v0', change: { mtu: 65536 } },
    { op: 'link.set', name: 'v0', change: { mtu: 1500.5 } },
    { op: 'addr.add', address: { dev: 'v0', cidr: '10.0.0.1' } },
    { op: 'addr.add', address: { dev: 'v0', cidr: '10.0.0.1/24 dev lo' } },
    { op: 'route.add', route: { dst: '-10.0.0.0/8', dev: 'v0' } },
    { op: 'route.add', route: { dst: '10.0.0.0/8', via: '10.0.0.1 onlink' } },
    { op: 'route.add', route: { dst: '10.0.0.0/8', dev: 'v0', table: 0 } },
    { op: 'neigh.replace', neigh: { ip: '10.0.0.1', mac: 'AA:BB:CC:DD:EE:FF', dev: 'v0' } },
    { op: 'fdb.append', fdb: { mac: '02:00:00:00:00:01', dev: 'v0', dst: '172.30.0.300' } },
    { op: 'link.add', link: { kind: 'vxlan', name: 'vx', vni: 2 ** 24, port: 8472, learning: false } },
    { op: 'link.add', link: { kind: 'vxlan', name: 'vx', vni: 1, port: 0, learning: false } },
  ];
  for (const op of bad) assert.throws(() => opLines(op), InvalidInputError, JSON.stringify(op));
});
