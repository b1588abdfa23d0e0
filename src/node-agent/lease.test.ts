import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostGwBackend } from './backends/host-gw/host-gw.js';
import { vxlanBackend } from './backends/vxlan/vxlan.js';
import { annotationPatch, leaseAnnotations, readLease } from './lease.js';
import { CLUSTER_CIDR, labNode, makeNode, withAnnotations, withPodCidr } from './testing.js';

test("a Node with a podCIDR and its agent's annotations is a flannel lease", () => {
  assert.deepEqual(readLease(labNode(2, vxlanBackend()), CLUSTER_CIDR), {
    lease: {
      node: 'node-2',
      subnet: '10.244.1.0/24',
      publicIp: '172.30.0.12',
      backendType: 'vxlan',
      backendData: { VNI: 1, VtepMAC: '0a:58:0a:f4:01:00' },
    },
  });
  assert.equal(
    (readLease(labNode(2, hostGwBackend()), CLUSTER_CIDR) as { lease: { backendData: unknown } }).lease
      .backendData,
    null,
  );
});

test("publishes flannel's three annotations under flatnet.io/", () => {
  assert.deepEqual(leaseAnnotations('vxlan', '172.30.0.11', { VNI: 1, VtepMAC: '0a:58:0a:f4:00:00' }), {
    'flatnet.io/backend-type': 'vxlan',
    'flatnet.io/public-ip': '172.30.0.11',
    'flatnet.io/backend-data': '{"VNI":1,"VtepMAC":"0a:58:0a:f4:00:00"}',
  });
});

test('a Node without a podCIDR is not a lease yet (nothing to protect either)', () => {
  assert.deepEqual(readLease(makeNode('node-9'), CLUSTER_CIDR), { noSubnet: true });
});

test('a Node whose agent has not published yet is pending: logged, no event', () => {
  const read = readLease(makeNode('node-2', withPodCidr('10.244.1.0/24')), CLUSTER_CIDR);
  assert.ok('problem' in read);
  assert.equal(read.problem.pending, true);
  assert.equal(read.subnet, '10.244.1.0/24');
});

for (const [what, annotations, message] of [
  ['no backend type', { 'flatnet.io/backend-type': '' }, /backend-type is missing/],
  [
    'a bad public IP',
    { 'flatnet.io/public-ip': '172.30.0.999' },
    /public-ip "172\.30\.0\.999" is not an IPv4 address/,
  ],
  [
    'garbage backend data',
    { 'flatnet.io/backend-data': '{"VNI":' },
    /backend-data "\{\\"VNI\\":" is not JSON/,
  ],
] as const) {
  test(`a Node with ${what} is a problem with a clear message, never an exception`, () => {
    const read = readLease(labNode(2, vxlanBackend(), withAnnotations(annotations)), CLUSTER_CIDR);
    assert.ok('problem' in read);
    assert.equal(read.problem.pending, false);
    assert.equal(read.problem.reason, 'InvalidNodeLease');
    assert.match(read.problem.message, message);
  });
}

test('a podCIDR outside the cluster CIDR or with host bits is refused', () => {
  for (const cidr of ['10.9.0.0/24', '10.244.1.7/24', 'nonsense']) {
    const read = readLease(labNode(2, vxlanBackend(), withPodCidr(cidr)), CLUSTER_CIDR);
    assert.ok('problem' in read, cidr);
    assert.match(read.problem.message, /is not a subnet of the cluster CIDR 10\.244\.0\.0\/16/);
  }
});

test('publishing patches only what differs (other annotations stay)', () => {
  const wanted = leaseAnnotations('host-gw', '172.30.0.11', null);
  const node = makeNode('node-1', withAnnotations({ other: 'x', ...wanted }));
  assert.equal(annotationPatch(node, wanted), undefined);
  const stale = makeNode('node-1', withAnnotations({ other: 'x', 'flatnet.io/public-ip': '1.2.3.4' }));
  assert.deepEqual(annotationPatch(stale, wanted), { metadata: { annotations: wanted } });
});
