import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NODES, makeLabConfig, parseNodeCount, validateLabName } from './config.js';
import { labOfNetns, switchPort } from './naming.js';
import { planLab } from './plan.js';

test('default lab: switch, control at .2, 3 nodes from .11, external at .254', () => {
  const plan = planLab(makeLabConfig({}));
  assert.deepEqual(
    plan.hosts.map((h) => [h.name, h.role, h.netns, h.ip]),
    [
      ['switch', 'switch', 'fn-flatnet.switch', undefined],
      ['control', 'control', 'fn-flatnet.control', '172.30.0.2'],
      ['node-1', 'node', 'fn-flatnet.node-1', '172.30.0.11'],
      ['node-2', 'node', 'fn-flatnet.node-2', '172.30.0.12'],
      ['node-3', 'node', 'fn-flatnet.node-3', '172.30.0.13'],
      ['external', 'external', 'fn-flatnet.external', '172.30.0.254'],
    ],
  );
});

test('the switch creates every veth straight into its host namespace and enslaves it to br0', () => {
  const plan = planLab(makeLabConfig({ name: 'a', nodes: 1 }));
  assert.deepEqual(plan.switchOps, [
    { op: 'link.add', link: { kind: 'bridge', name: 'br0' } },
    { op: 'link.set', name: 'br0', change: { up: true } },
    {
      op: 'link.add',
      link: { kind: 'veth', name: 'p-control', peer: { name: 'eth0', netns: 'fn-a.control' } },
    },
    { op: 'link.set', name: 'p-control', change: { master: 'br0', up: true } },
    {
      op: 'link.add',
      link: { kind: 'veth', name: 'p-node-1', peer: { name: 'eth0', netns: 'fn-a.node-1' } },
    },
    { op: 'link.set', name: 'p-node-1', change: { master: 'br0', up: true } },
    { op: 'link.add', link: { kind: 'veth', name: 'p-ext', peer: { name: 'eth0', netns: 'fn-a.external' } } },
    { op: 'link.set', name: 'p-ext', change: { master: 'br0', up: true } },
  ]);
  assert.deepEqual(plan.hostOps.get('node-1'), [
    { op: 'link.set', name: 'lo', change: { up: true } },
    { op: 'addr.add', address: { dev: 'eth0', cidr: '172.30.0.11/24' } },
    { op: 'link.set', name: 'eth0', change: { up: true } },
  ]);
});

test('the largest lab fits interface-name limits and stays below the LoadBalancer pool', () => {
  const plan = planLab(makeLabConfig({ name: 'x'.repeat(20), nodes: MAX_NODES }));
  const last = plan.hosts.find((h) => h.name === `node-${MAX_NODES}`)!;
  assert.equal(last.ip, '172.30.0.110');
  assert.ok(switchPort(last.name).length <= 15);
});

test('node counts: whole numbers from 1 to the maximum', () => {
  for (const ok of ['1', '3', ' 50 ', String(MAX_NODES), 7])
    assert.equal(typeof parseNodeCount(ok), 'number');
  for (const bad of ['0', '-1', '101', '2.5', '1e2', 'three', '', '0x3', 0, 1.5]) {
    assert.throws(() => parseNodeCount(bad), /invalid node count/, String(bad));
  }
});

test('lab names: [a-z0-9-], bounded, no dots (dots separate the lab from the host in netns names)', () => {
  for (const ok of ['flatnet', 'a', 'lab-2', 'x'.repeat(20)]) assert.equal(validateLabName(ok), ok);
  for (const bad of ['', 'A', 'a.b', 'a_b', '-a', 'a-', 'x'.repeat(21), 'a b', '../x']) {
    assert.throws(() => validateLabName(bad), /invalid lab name/, bad);
  }
});

test('namespace prefixes never match another lab', () => {
  assert.equal(labOfNetns('fn-a.node-1'), 'a');
  assert.equal(labOfNetns('fn-a-b.node-1'), 'a-b');
  assert.equal(labOfNetns('fn-a.b.c'), undefined);
  assert.equal(labOfNetns('other'), undefined);
});

test('underlay must be a network of at least /24', () => {
  assert.throws(() => makeLabConfig({ underlay: '172.30.0.0/25' }), /too small/);
  assert.throws(() => makeLabConfig({ underlay: '172.30.0.1/24' }), /host bits set/);
  assert.equal(planLab(makeLabConfig({ underlay: '10.50.0.0/16', nodes: 1 })).hosts[2]!.ip, '10.50.0.11');
});
