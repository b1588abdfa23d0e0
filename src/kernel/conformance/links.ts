import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { KernelOp } from '../types.js';
import { inLab, names, rejectsWith, shape, type KernelSetup } from './harness.js';

/** Namespaces and links: creation defaults and the error codes of link operations. */
export function linkCases(setup: KernelSetup): void {
  it(
    'creates, lists and deletes namespaces, with EEXIST and ENOTFOUND',
    inLab(setup, async ({ kernel, netns, name }) => {
      const a = await netns('a');
      assert.ok((await kernel.listNetns()).includes(a.name));
      const listed = (await kernel.listNetns()).filter((n) => n.startsWith(name('')));
      assert.deepEqual(listed, [...listed].sort());
      await rejectsWith(kernel.createNetns(a.name), 'EEXIST');
      assert.deepEqual(await kernel.netnsPids(a.name), []);
      await kernel.deleteNetns(a.name);
      assert.ok(!(await kernel.listNetns()).includes(a.name));
      await rejectsWith(kernel.deleteNetns(a.name), 'ENOTFOUND');
      await rejectsWith(kernel.host(a.name).listLinks(), 'ENOTFOUND', 'list in a deleted namespace');
      assert.equal(await kernel.host(a.name).getLink('lo'), undefined);
    }),
  );

  it(
    'starts a namespace with lo only: loopback, down, MTU 65536, zero MAC, index 1',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      const lo = { name: 'lo', index: 1, kind: 'loopback', mtu: 65536, up: false, mac: '00:00:00:00:00:00' };
      assert.deepEqual(await host.listLinks(), [lo]);
      assert.deepEqual(await host.getLink('lo'), lo);
      assert.equal(await host.getLink('nothere'), undefined);
      assert.deepEqual(await host.listAddresses(), []);
      assert.deepEqual(await host.listRoutes(), []);
    }),
  );

  it(
    'creates veth pairs, bridges and VXLAN devices with the kernel defaults',
    inLab(setup, async ({ netns }) => {
      const a = await netns('a');
      const b = await netns('b');
      await a.host.apply([
        { op: 'link.add', link: { kind: 'veth', name: 'v0', peer: { name: 'v1' }, mtu: 1400 } },
        { op: 'link.add', link: { kind: 'veth', name: 'x0', peer: { name: 'x1', netns: b.name } } },
        { op: 'link.add', link: { kind: 'bridge', name: 'br0' } },
        { op: 'link.add', link: { kind: 'vxlan', name: 'vx0', vni: 1, port: 8472, learning: false } },
        {
          op: 'link.add',
          link: {
            kind: 'vxlan',
            name: 'vx1',
            vni: 2,
            port: 4789,
            local: '172.30.0.11',
            dev: 'x0',
            learning: true,
          },
        },
      ]);
      const veth = { kind: 'veth', up: false } as const;
      assert.deepEqual(shape(await a.host.getLink('v0')), { ...veth, name: 'v0', mtu: 1400 });
      // The MTU on the command line belongs to the named end only.
      assert.deepEqual(shape(await a.host.getLink('v1')), { ...veth, name: 'v1', mtu: 1500 });
      assert.deepEqual(shape(await b.host.getLink('x1')), { ...veth, name: 'x1', mtu: 1500 });
      assert.equal(await a.host.getLink('x1'), undefined);
      // veth_newlink() registers the peer first.
      assert.ok((await a.host.getLink('v1'))!.index < (await a.host.getLink('v0'))!.index);
      assert.deepEqual(shape(await a.host.getLink('br0')), {
        name: 'br0',
        kind: 'bridge',
        mtu: 1500,
        up: false,
      });
      assert.deepEqual(shape(await a.host.getLink('vx0')), {
        name: 'vx0',
        kind: 'vxlan',
        mtu: 1500,
        up: false,
        vxlan: { vni: 1, port: 8472, learning: false },
      });
      assert.deepEqual((await a.host.getLink('vx1'))!.vxlan, {
        vni: 2,
        port: 4789,
        local: '172.30.0.11',
        dev: 'x0',
        learning: true,
      });
      for (const link of await a.host.listLinks()) assert.match(link.mac, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      const indexes = (await a.host.listLinks()).map((l) => l.index);
      assert.deepEqual(
        indexes,
        [...indexes].sort((x, y) => x - y),
      );
    }),
  );

  it(
    'sizes a VXLAN MTU from its lower device: lower MTU - 50, capped there',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await host.apply([
        { op: 'link.add', link: { kind: 'bridge', name: 'br0' } },
        { op: 'link.set', name: 'br0', change: { mtu: 9000 } },
        {
          op: 'link.add',
          link: { kind: 'vxlan', name: 'vx0', vni: 1, port: 8472, dev: 'br0', learning: false },
        },
        {
          op: 'link.add',
          link: { kind: 'vxlan', name: 'vx1', vni: 2, port: 8472, dev: 'br0', learning: false, mtu: 9000 },
        },
        {
          op: 'link.add',
          link: { kind: 'vxlan', name: 'vx2', vni: 3, port: 8472, learning: false, mtu: 9000 },
        },
        { op: 'link.add', link: { kind: 'veth', name: 'v0', peer: { name: 'v1' } } },
        {
          op: 'link.add',
          link: { kind: 'vxlan', name: 'vx3', vni: 4, port: 8472, dev: 'v0', learning: false },
        },
      ]);
      const mtu = async (name: string) => (await host.getLink(name))!.mtu;
      assert.deepEqual(
        [await mtu('vx0'), await mtu('vx1'), await mtu('vx2'), await mtu('vx3')],
        [8950, 8950, 9000, 1450],
      );
      await rejectsWith(host.apply([{ op: 'link.set', name: 'vx3', change: { mtu: 1451 } }]), 'EINVAL');
      await host.apply([{ op: 'link.set', name: 'vx3', change: { mtu: 1400 } }]);
      assert.equal(await mtu('vx3'), 1400);
    }),
  );

  it(
    'raises the kernel error codes for link operations',
    inLab(setup, async ({ netns, name }) => {
      const a = await netns('a');
      const b = await netns('b');
      await a.host.apply([
        { op: 'link.add', link: { kind: 'veth', name: 'v0', peer: { name: 'v1' } } },
        { op: 'link.add', link: { kind: 'veth', name: 'p0', peer: { name: 'p1', netns: b.name } } },
        { op: 'link.add', link: { kind: 'bridge', name: 'br0' } },
        { op: 'link.add', link: { kind: 'vxlan', name: 'vx0', vni: 7, port: 8472, learning: false } },
      ]);
      await b.host.apply([{ op: 'link.add', link: { kind: 'veth', name: 'v0', peer: { name: 'w0' } } }]);
      const cases: [string, KernelOp, string][] = [
        ['duplicate name', { op: 'link.add', link: { kind: 'bridge', name: 'v0' } }, 'EEXIST'],
        [
          'peer name taken',
          { op: 'link.add', link: { kind: 'veth', name: 'n0', peer: { name: 'v1' } } },
          'EEXIST',
        ],
        [
          'peer name taken there',
          { op: 'link.add', link: { kind: 'veth', name: 'n0', peer: { name: 'p1', netns: b.name } } },
          'EEXIST',
        ],
        [
          'veth named like its peer',
          { op: 'link.add', link: { kind: 'veth', name: 'n0', peer: { name: 'n0' } } },
          'EEXIST',
        ],
        [
          'peer namespace missing',
          { op: 'link.add', link: { kind: 'veth', name: 'n0', peer: { name: 'n1', netns: name('zz') } } },
          'ENOTFOUND',
        ],
        [
          'vxlan lower device missing',
          {
            op: 'link.add',
            link: { kind: 'vxlan', name: 'vx9', vni: 9, port: 8472, dev: 'eth9', learning: false },
          },
          'ENOTFOUND',
        ],
        [
          'vxlan VNI taken',
          { op: 'link.add', link: { kind: 'vxlan', name: 'vx9', vni: 7, port: 8472, learning: false } },
          'EEXIST',
        ],
        ['delete missing', { op: 'link.delete', name: 'eth9' }, 'ENOTFOUND'],
        ['delete lo', { op: 'link.delete', name: 'lo' }, 'EINVAL'],
        ['set missing', { op: 'link.set', name: 'eth9', change: { up: true } }, 'ENOTFOUND'],
        ['master missing', { op: 'link.set', name: 'v0', change: { master: 'br9' } }, 'ENOTFOUND'],
        ['master not a bridge', { op: 'link.set', name: 'v0', change: { master: 'v1' } }, 'EINVAL'],
        ['hairpin on a non-port', { op: 'link.set', name: 'v0', change: { hairpin: true } }, 'EINVAL'],
        [
          'move to a missing namespace',
          { op: 'link.set', name: 'v0', change: { netns: name('zz') } },
          'ENOTFOUND',
        ],
        ['move lo', { op: 'link.set', name: 'lo', change: { netns: b.name } }, 'EINVAL'],
        ['move a bridge', { op: 'link.set', name: 'br0', change: { netns: b.name } }, 'EINVAL'],
        ['move onto a taken name', { op: 'link.set', name: 'v0', change: { netns: b.name } }, 'EEXIST'],
      ];
      for (const [what, op, code] of cases) await rejectsWith(a.host.apply([op]), code as 'EEXIST', what);
      assert.deepEqual(await names(a.host), ['br0', 'lo', 'p0', 'v0', 'v1', 'vx0']);
    }),
  );
}
