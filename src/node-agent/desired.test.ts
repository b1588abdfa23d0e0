import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostGwBackend } from './backends/host-gw/host-gw.js';
import { vxlanBackend } from './backends/vxlan/vxlan.js';
import { desiredState } from './desired.js';
import { CLUSTER_CIDR, extOf, labNode, podCidr, withPodCidr } from './testing.js';

const input = (nodes: ReturnType<typeof labNode>[], backend = hostGwBackend()) => ({
  localNode: 'node-1',
  localSubnet: podCidr(1),
  clusterCidr: CLUSTER_CIDR,
  backendType: backend.type,
  network: backend.network(extOf(1), podCidr(1)),
  nodes,
});

test('plans every other node, never this one, in name order', () => {
  const b = hostGwBackend();
  const want = desiredState(input([labNode(3, b), labNode(1, b), labNode(2, b)]));
  assert.deepEqual(want.programmed, ['node-2', 'node-3']);
  assert.deepEqual(
    want.entries.routes.map((r) => r.dst),
    ['10.244.1.0/24', '10.244.2.0/24'],
  );
  assert.deepEqual(want.problems, []);
});

test('a node on another backend is skipped as flannel does ("ignoring non-vxlan subnet"), its subnet protected', () => {
  const want = desiredState(input([labNode(2, vxlanBackend())]));
  assert.deepEqual(want.programmed, []);
  assert.match(want.problems[0]!.message, /uses backend "vxlan", this cluster runs host-gw/);
  assert.deepEqual(want.protectedSubnets, ['10.244.1.0/24']);
});

test('a podCIDR that clashes with ours or an earlier node is refused', () => {
  const b = hostGwBackend();
  const want = desiredState(
    input([labNode(2, b), labNode(3, b, withPodCidr(podCidr(2))), labNode(4, b, withPodCidr(podCidr(1)))]),
  );
  assert.deepEqual(want.programmed, ['node-2']);
  assert.deepEqual(
    want.problems.map((p) => p.message),
    [
      'node node-3: podCIDR 10.244.1.0/24 overlaps 10.244.1.0/24, which is already routed',
      'node node-4: podCIDR 10.244.0.0/24 overlaps 10.244.0.0/24, which is already routed',
    ],
  );
});
