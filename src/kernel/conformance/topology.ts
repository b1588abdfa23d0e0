import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isKernelError } from '../errors.js';
import { eventually, inLab, names, shape, type KernelSetup } from './harness.js';

/** How links affect each other: veth pairs across namespaces, bridge ports, moves, VXLAN lower devices. */
export function topologyCases(setup: KernelSetup): void {
  it(
    'deletes both ends of a veth pair across namespaces, also when a namespace goes',
    inLab(setup, async ({ kernel, netns }) => {
      const a = await netns('a');
      const b = await netns('b');
      const c = await netns('c');
      await a.host.apply([
        { op: 'link.add', link: { kind: 'veth', name: 'ab', peer: { name: 'ba', netns: b.name } } },
        { op: 'link.add', link: { kind: 'veth', name: 'ac', peer: { name: 'ca', netns: c.name } } },
      ]);
      assert.deepEqual(await names(b.host), ['ba', 'lo']);
      await b.host.apply([{ op: 'link.delete', name: 'ba' }]);
      assert.deepEqual(await names(a.host), ['ac', 'lo']);
      await kernel.deleteNetns(c.name);
      await eventually(async () => assert.deepEqual(await names(a.host), ['lo']));
    }),
  );

  it(
    'enslaves ports to a bridge, with hairpin, nomaster and the bridge MTU/MAC following its ports',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await host.apply([
        { op: 'link.add', link: { kind: 'bridge', name: 'br0', mtu: 1400 } },
        { op: 'link.add', link: { kind: 'veth', name: 'r0', peer: { name: 'r1' }, mtu: 1450 } },
        { op: 'link.add', link: { kind: 'veth', name: 's0', peer: { name: 's1' }, mtu: 9000 } },
        { op: 'link.set', name: 'r0', change: { master: 'br0', up: true } },
      ]);
      assert.deepEqual(shape(await host.getLink('r0')), {
        name: 'r0',
        kind: 'veth',
        mtu: 1450,
        up: true,
        master: 'br0',
        hairpin: false,
      });
      const br = async () => (await host.getLink('br0'))!;
      // An MTU given at creation is not "set by the user": the bridge follows its smallest port.
      assert.equal((await br()).mtu, 1450);
      assert.equal((await br()).mac, (await host.getLink('r0'))!.mac);
      await host.apply([
        { op: 'link.set', name: 'r0', change: { hairpin: true } },
        { op: 'link.set', name: 's0', change: { master: 'br0' } },
      ]);
      assert.equal((await host.getLink('r0'))!.hairpin, true);
      const macs = [(await host.getLink('r0'))!.mac, (await host.getLink('s0'))!.mac].sort();
      assert.equal((await br()).mac, macs[0]);
      await host.apply([{ op: 'link.set', name: 'r0', change: { master: null } }]);
      assert.deepEqual(shape(await host.getLink('r0')), { name: 'r0', kind: 'veth', mtu: 1450, up: true });
      assert.equal((await br()).mtu, 9000);
      await host.apply([{ op: 'link.set', name: 's0', change: { master: null } }]);
      assert.deepEqual([(await br()).mtu, (await br()).mac], [1500, '00:00:00:00:00:00']);
      // Once the user sets the MTU, ports no longer change it.
      await host.apply([
        { op: 'link.set', name: 'br0', change: { mtu: 1300 } },
        { op: 'link.set', name: 's0', change: { master: 'br0' } },
      ]);
      assert.equal((await br()).mtu, 1300);
      await host.apply([{ op: 'link.delete', name: 'br0' }]);
      assert.deepEqual(shape(await host.getLink('s0')), { name: 's0', kind: 'veth', mtu: 9000, up: false });
    }),
  );

  it(
    'moves a link: it arrives down, without addresses or master, keeping its index when free',
    inLab(setup, async ({ netns }) => {
      const a = await netns('a');
      const b = await netns('b');
      await a.host.apply([
        { op: 'link.add', link: { kind: 'bridge', name: 'br0' } },
        { op: 'link.add', link: { kind: 'veth', name: 'm0', peer: { name: 'm1' } } },
        { op: 'link.set', name: 'm0', change: { master: 'br0', up: true } },
        { op: 'addr.add', address: { dev: 'm0', cidr: '10.1.0.1/24' } },
      ]);
      const before = (await a.host.getLink('m0'))!;
      await a.host.apply([{ op: 'link.set', name: 'm0', change: { netns: b.name } }]);
      const after = (await b.host.getLink('m0'))!;
      assert.deepEqual(after, {
        name: 'm0',
        index: before.index,
        kind: 'veth',
        mtu: 1500,
        up: false,
        mac: before.mac,
      });
      assert.deepEqual(await b.host.listAddresses(), []);
      assert.deepEqual(await a.host.listRoutes(), []);
      assert.equal(await a.host.getLink('m0'), undefined);
      // The pair stays a pair across namespaces.
      await a.host.apply([{ op: 'link.delete', name: 'm1' }]);
      assert.deepEqual(await names(b.host), ['lo']);
      // An index the target already uses is replaced by a fresh one.
      await b.host.apply([{ op: 'link.add', link: { kind: 'veth', name: 'k0', peer: { name: 'k1' } } }]);
      await a.host.apply([{ op: 'link.add', link: { kind: 'veth', name: 'q0', peer: { name: 'q1' } } }]);
      const taken = new Set((await b.host.listLinks()).map((l) => l.index));
      const q0 = (await a.host.getLink('q0'))!;
      await a.host.apply([{ op: 'link.set', name: 'q0', change: { netns: b.name } }]);
      const moved = (await b.host.getLink('q0'))!;
      assert.equal(moved.index === q0.index, !taken.has(q0.index));
    }),
  );

  it(
    'deletes a VXLAN device with its lower device, or with the namespace its socket lives in',
    inLab(setup, async ({ kernel, netns }) => {
      const { host } = await netns('a');
      const b = await netns('b');
      await host.apply([
        { op: 'link.add', link: { kind: 'vxlan', name: 'vx9', vni: 9, port: 8472, learning: false } },
        { op: 'link.set', name: 'vx9', change: { netns: b.name } },
      ]);
      assert.deepEqual(await names(b.host), ['lo', 'vx9']);
      await kernel.deleteNetns(host.netns!);
      await eventually(async () => assert.deepEqual(await names(b.host), ['lo']));
      await kernel.createNetns(host.netns!);
      await host.apply([
        { op: 'link.add', link: { kind: 'veth', name: 'e0', peer: { name: 'e1' } } },
        {
          op: 'link.add',
          link: { kind: 'vxlan', name: 'vx0', vni: 1, port: 8472, dev: 'e0', learning: false },
        },
        { op: 'link.add', link: { kind: 'vxlan', name: 'vx1', vni: 2, port: 8472, learning: false } },
        { op: 'link.delete', name: 'e1' },
      ]);
      assert.deepEqual(await names(host), ['lo', 'vx1']);
    }),
  );

  it(
    'creates dummy links where the kernel has the driver',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      try {
        await host.apply([{ op: 'link.add', link: { kind: 'dummy', name: 'd0', mtu: 9000 } }]);
      } catch (err) {
        // Some kernels are built without CONFIG_DUMMY: "Error: Unknown device type."
        if (isKernelError(err) && err.code === 'EINVAL' && /Unknown device type/.test(err.stderr)) return;
        throw err;
      }
      assert.deepEqual(shape(await host.getLink('d0')), { name: 'd0', kind: 'dummy', mtu: 9000, up: false });
    }),
  );
}
