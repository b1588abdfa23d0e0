import assert from 'node:assert/strict';
import { it } from 'node:test';
import { inLab, type KernelSetup } from '../../kernel/conformance/harness.js';
import { hostGwBackend } from '../backends/host-gw/host-gw.js';
import { vxlanBackend } from '../backends/vxlan/vxlan.js';
import { PUBLIC_IP_ANNOTATION, REASON_ROUTE_REFUSED, VTEP_NAME } from '../names.js';
import { extOf, labNode, withAnnotations } from '../testing.js';
import { agentOn, agentState, nodeHost } from './harness.js';

/** The VTEP as flannel makes it, kept across restarts, recreated when incompatible. */
export function vxlanCases(setup: KernelSetup): void {
  it(
    'creates flannel.1: VNI 1, port 8472, learning off, MTU underlay - 50, the subnet .0/32, up',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, vxlanBackend());
      const plan = await a.sync([labNode(2, a.backend)]);
      const vtep = await a.host.getLink(VTEP_NAME);
      assert.deepEqual(
        { kind: vtep?.kind, mtu: vtep?.mtu, up: vtep?.up, mac: vtep?.mac, vxlan: vtep?.vxlan },
        {
          kind: 'vxlan',
          mtu: 1450,
          up: true,
          mac: '0a:58:0a:f4:00:00',
          vxlan: { vni: 1, port: 8472, learning: false, local: '172.30.0.11', dev: 'eth0' },
        },
      );
      assert.deepEqual(await a.host.listAddresses(VTEP_NAME), [{ dev: VTEP_NAME, cidr: '10.244.0.0/32' }]);
      assert.deepEqual(plan.backendData, { VNI: 1, VtepMAC: '0a:58:0a:f4:00:00' });
    }),
  );

  it(
    'keeps an existing compatible VTEP as it is (its MAC is what it publishes)',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, vxlanBackend());
      // As flannel leaves it: same configuration, a random MAC.
      const link = {
        kind: 'vxlan',
        name: VTEP_NAME,
        vni: 1,
        port: 8472,
        local: '172.30.0.11',
        dev: 'eth0',
      } as const;
      await a.host.apply([{ op: 'link.add', link: { ...link, learning: false, mac: '0a:00:00:00:00:01' } }]);
      const index = (await a.host.getLink(VTEP_NAME))?.index;
      const plan = await a.sync([labNode(2, a.backend)]);
      assert.ok(!plan.ops.some((o) => o.op.startsWith('link.add') || o.op === 'link.delete'));
      assert.deepEqual(plan.backendData, { VNI: 1, VtepMAC: '0a:00:00:00:00:01' });
      assert.equal((await a.host.getLink(VTEP_NAME))?.index, index);
      assert.deepEqual((await a.sync([labNode(2, a.backend)])).ops, []);
    }),
  );

  it(
    'recreates an incompatible VTEP and re-adds every entry in the same batch',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, vxlanBackend());
      await a.host.apply([
        {
          op: 'link.add',
          link: { kind: 'vxlan', name: VTEP_NAME, vni: 7, port: 4789, dev: 'eth0', learning: true },
        },
      ]);
      const plan = await a.sync([labNode(2, a.backend)]);
      assert.deepEqual(
        plan.ops.slice(0, 2).map((o) => o.op),
        ['link.delete', 'link.add'],
      );
      assert.deepEqual((await a.host.getLink(VTEP_NAME))?.vxlan?.vni, 1);
      assert.equal((await agentState(a)).fdb.length, 1);
      assert.deepEqual((await a.sync([labNode(2, a.backend)])).ops, []);
    }),
  );

  it(
    'with direct routing, routes L2-adjacent nodes via their IP and encapsulates the others',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, vxlanBackend({ directRouting: true }));
      const far = labNode(3, a.backend, withAnnotations({ [PUBLIC_IP_ANNOTATION]: '10.99.0.3' }));
      await a.sync([labNode(2, a.backend), far]);
      const state = await agentState(a);
      assert.deepEqual(state.routes, [
        { dst: '10.244.1.0/24', via: '172.30.0.12', dev: 'eth0' },
        { dst: '10.244.2.0/24', via: '10.244.2.0', dev: VTEP_NAME, onlink: true },
      ]);
      assert.deepEqual(
        state.fdb.map((f) => f.dst),
        ['10.99.0.3'],
      );
    }),
  );
}

export function hostGwCases(setup: KernelSetup): void {
  it(
    'refuses a node that is not on the same L2 segment and reports it, programming the others',
    inLab(setup, async (lab) => {
      const a = await nodeHost(lab, hostGwBackend());
      const far = labNode(3, a.backend, withAnnotations({ [PUBLIC_IP_ANNOTATION]: '10.99.0.3' }));
      const plan = await a.sync([labNode(2, a.backend), far]);
      assert.deepEqual(plan.programmed, ['node-2']);
      assert.deepEqual(
        plan.problems.map((p) => [p.node, p.reason, p.about]),
        [['node-3', REASON_ROUTE_REFUSED, 'local']],
      );
      assert.match(plan.problems[0]!.message, /not on the same L2 segment as eth0 \(172\.30\.0\.0\/24\)/);
      assert.deepEqual((await agentState(a)).routes, [
        { dst: '10.244.1.0/24', via: extOf(2).ip, dev: 'eth0' },
      ]);
    }),
  );

  it(
    'removes a VTEP the vxlan backend left behind, with everything on it',
    inLab(setup, async (lab) => {
      const vxlan = await nodeHost(lab, vxlanBackend());
      await vxlan.sync([labNode(2, vxlan.backend)]);
      const hostGw = agentOn(vxlan.host, vxlan.ext, hostGwBackend());
      const plan = await hostGw.sync([labNode(2, hostGw.backend)]);
      assert.equal(plan.ops[0]?.op, 'link.delete');
      assert.equal(await vxlan.host.getLink(VTEP_NAME), undefined);
      assert.deepEqual((await agentState(hostGw)).routes, [
        { dst: '10.244.1.0/24', via: extOf(2).ip, dev: 'eth0' },
      ]);
    }),
  );
}
