import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extOf } from '../../testing.js';
import type { Lease } from '../backend.js';
import { hostGwBackend } from './host-gw.js';

const lease = (publicIp: string): Lease => ({
  node: 'node-2',
  subnet: '10.244.1.0/24',
  publicIp,
  backendType: 'host-gw',
  backendData: null,
});

test('host-gw: pods get the underlay MTU; nothing is published as backend data', () => {
  const backend = hostGwBackend();
  assert.equal(backend.mtu(extOf(1)), 1500);
  const network = backend.network(extOf(1), '10.244.0.0/24');
  assert.equal(network.backendData({ links: [], addresses: [] }), null);
  assert.deepEqual(network.devices, []);
});

test('host-gw: a route per remote podCIDR via the remote node IP on the underlay interface', () => {
  assert.deepEqual(hostGwBackend().network(extOf(1), '10.244.0.0/24').peer(lease('172.30.0.12')), {
    entries: { neighbours: [], fdb: [], routes: [{ dst: '10.244.1.0/24', via: '172.30.0.12', dev: 'eth0' }] },
  });
});

test("host-gw: refuses, as this node's problem, a peer outside the L2 segment", () => {
  const plan = hostGwBackend().network(extOf(1), '10.244.0.0/24').peer(lease('10.1.0.5'));
  assert.ok('refused' in plan);
  assert.equal(plan.refused.about, 'local');
  assert.equal(plan.refused.reason, 'RouteRefused');
  assert.match(
    plan.refused.message,
    /10\.1\.0\.5 is not on the same L2 segment as eth0 \(172\.30\.0\.0\/24\)/,
  );
});

test('host-gw: deletes a VTEP the vxlan backend left, and nothing else', () => {
  const network = hostGwBackend().network(extOf(1), '10.244.0.0/24');
  const link = {
    name: 'flannel.1',
    index: 4,
    kind: 'vxlan',
    mtu: 1450,
    up: true,
    mac: '0a:58:0a:f4:00:00',
  } as const;
  assert.deepEqual(network.device({ links: [link], addresses: [] }), {
    ops: [{ op: 'link.delete', name: 'flannel.1' }],
    reset: ['flannel.1'],
  });
  assert.deepEqual(network.device({ links: [{ ...link, kind: 'bridge' }], addresses: [] }).ops, []);
});
