import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LinkInfo } from '../../../kernel/types.js';
import { extOf } from '../../testing.js';
import type { Lease } from '../backend.js';
import { incompatibility, vtepMac, vtepPlan, vtepSpec } from './device.js';
import { parseAttrs, vxlanBackend } from './vxlan.js';

const ext = extOf(1);
const lease = (tweak: Partial<Lease> = {}): Lease => ({
  node: 'node-2',
  subnet: '10.244.1.0/24',
  publicIp: '172.30.0.12',
  backendType: 'vxlan',
  backendData: { VNI: 1, VtepMAC: '0A:58:0A:F4:01:00' },
  ...tweak,
});
const vtepLink = (tweak: Partial<LinkInfo> = {}): LinkInfo => ({
  name: 'flannel.1',
  index: 7,
  kind: 'vxlan',
  mtu: 1450,
  up: true,
  mac: '0a:58:0a:f4:00:00',
  vxlan: { vni: 1, port: 8472, local: '172.30.0.11', dev: 'eth0', learning: false },
  ...tweak,
});

describe('vxlan backend', () => {
  test('pod MTU is the underlay MTU minus the 50 bytes of VXLAN encapsulation (flannel encapOverhead)', () => {
    assert.equal(vxlanBackend().mtu(ext), 1450);
    assert.equal(vxlanBackend().mtu(extOf(1, 9000)), 8950);
  });

  test('a remote node gets the flannel trio: neighbour .0 -> VtepMAC, FDB VtepMAC -> public IP, onlink route', () => {
    assert.deepEqual(vxlanBackend().network(ext, '10.244.0.0/24').peer(lease()), {
      entries: {
        neighbours: [{ ip: '10.244.1.0', mac: '0a:58:0a:f4:01:00', dev: 'flannel.1' }],
        fdb: [{ mac: '0a:58:0a:f4:01:00', dev: 'flannel.1', dst: '172.30.0.12' }],
        routes: [{ dst: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1', onlink: true }],
      },
    });
  });

  test('direct routing sends L2-adjacent nodes straight over the underlay, others through the VTEP', () => {
    const network = vxlanBackend({ directRouting: true }).network(ext, '10.244.0.0/24');
    assert.deepEqual(network.peer(lease()), {
      entries: {
        neighbours: [],
        fdb: [],
        routes: [{ dst: '10.244.1.0/24', via: '172.30.0.12', dev: 'eth0' }],
      },
    });
    const far = network.peer(lease({ publicIp: '10.99.0.2' }));
    assert.ok('entries' in far && far.entries.fdb.length === 1);
  });

  for (const [data, why] of [
    [null, /not a \{"VNI","VtepMAC"\} object/],
    ['0a:58:0a:f4:01:00', /not a \{"VNI","VtepMAC"\} object/],
    [{ VNI: 2, VtepMAC: '0a:58:0a:f4:01:00' }, /VNI 2 is not 1/],
    [{ VNI: 1, VtepMAC: 'zz' }, /"zz" is not a unicast MAC/],
    [{ VNI: 1, VtepMAC: '01:00:5e:00:00:01' }, /not a unicast MAC/],
    [{ VNI: 1, VtepMAC: '00:00:00:00:00:00' }, /not a unicast MAC/],
  ] as const) {
    test(`refuses backend data ${JSON.stringify(data)} as the peer's problem`, () => {
      assert.match(parseAttrs(data) as string, why);
      const plan = vxlanBackend()
        .network(ext, '10.244.0.0/24')
        .peer(lease({ backendData: data }));
      assert.ok(
        'refused' in plan && plan.refused.about === 'peer' && plan.refused.reason === 'InvalidNodeLease',
      );
    });
  }

  test('the VTEP MAC is derived from the subnet (0a:58 + its address), so a recreated VTEP keeps it', () => {
    assert.equal(vtepMac('10.244.0.0/24'), '0a:58:0a:f4:00:00');
    assert.equal(vtepMac('10.244.255.0/24'), '0a:58:0a:f4:ff:00');
  });

  test('publishes flannel lease attributes: the kept VTEP MAC, or the one it will create', () => {
    const network = vxlanBackend().network(ext, '10.244.0.0/24');
    assert.deepEqual(network.backendData({ links: [], addresses: [] }), {
      VNI: 1,
      VtepMAC: '0a:58:0a:f4:00:00',
    });
    const kept = vtepLink({ mac: '0a:00:00:00:00:09' });
    assert.deepEqual(network.backendData({ links: [kept], addresses: [] }), {
      VNI: 1,
      VtepMAC: '0a:00:00:00:00:09',
    });
  });
});

describe('VTEP plan', () => {
  const spec = vtepSpec(ext, '10.244.0.0/24');
  const address = { dev: 'flannel.1', cidr: '10.244.0.0/32' };

  test('creates the device, its /32 and brings it up when missing', () => {
    assert.deepEqual(vtepPlan({ links: [], addresses: [] }, spec, '10.244.0.0/24'), {
      ops: [
        { op: 'link.add', link: spec },
        { op: 'addr.add', address },
        { op: 'link.set', name: 'flannel.1', change: { up: true } },
      ],
      reset: [],
    });
  });

  test('leaves a right device alone', () => {
    assert.deepEqual(vtepPlan({ links: [vtepLink()], addresses: [address] }, spec, '10.244.0.0/24'), {
      ops: [],
      reset: [],
    });
  });

  test('fixes MTU, stray addresses and the down state in place', () => {
    const view = {
      links: [vtepLink({ mtu: 1400, up: false })],
      addresses: [{ dev: 'flannel.1', cidr: '10.244.9.0/32' }],
    };
    assert.deepEqual(vtepPlan(view, spec, '10.244.0.0/24').ops, [
      { op: 'link.set', name: 'flannel.1', change: { mtu: 1450 } },
      { op: 'addr.delete', address: { dev: 'flannel.1', cidr: '10.244.9.0/32' } },
      { op: 'addr.add', address },
      { op: 'link.set', name: 'flannel.1', change: { up: true } },
    ]);
  });

  for (const [what, link] of [
    ['another kind', vtepLink({ kind: 'bridge', vxlan: undefined })],
    ['another VNI', vtepLink({ vxlan: { ...vtepLink().vxlan!, vni: 2 } })],
    ['another port', vtepLink({ vxlan: { ...vtepLink().vxlan!, port: 4789 } })],
    ['another source IP', vtepLink({ vxlan: { ...vtepLink().vxlan!, local: '172.30.0.99' } })],
    ['learning on', vtepLink({ vxlan: { ...vtepLink().vxlan!, learning: true } })],
  ] as const) {
    test(`recreates a device with ${what} (flannel's ensureLink), and forgets what it held`, () => {
      assert.notEqual(incompatibility(link, spec), '');
      const plan = vtepPlan({ links: [link], addresses: [] }, spec, '10.244.0.0/24');
      assert.deepEqual(plan.ops[0], { op: 'link.delete', name: 'flannel.1' });
      assert.deepEqual(plan.reset, ['flannel.1']);
    });
  }
});
