import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { KernelOp, RouteInfo } from '../types.js';
import { inLab, rejectsWith, type KernelSetup } from './harness.js';

/** Addresses and the routes the kernel derives from them. */
export function addressCases(setup: KernelSetup): void {
  const veth: KernelOp = { op: 'link.add', link: { kind: 'veth', name: 'e0', peer: { name: 'e1' } } };
  const connected = (dst: string, src: string, dev = 'e0'): RouteInfo => ({
    dst,
    dev,
    src,
    scope: 'link',
    protocol: 'kernel',
  });

  it(
    'adds, lists and deletes addresses, primaries before secondaries',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      const add = (cidr: string, dev = 'e0'): KernelOp => ({ op: 'addr.add', address: { dev, cidr } });
      await host.apply([
        veth,
        add('10.1.0.1/24'),
        add('10.1.0.5/24'),
        add('10.2.0.1/16'),
        add('10.1.0.1/24', 'e1'),
      ]);
      // Same address, other prefix length: a different address for the kernel.
      await host.apply([add('10.1.0.1/16')]);
      assert.deepEqual(await host.listAddresses('e0'), [
        { dev: 'e0', cidr: '10.1.0.1/24' },
        { dev: 'e0', cidr: '10.2.0.1/16' },
        { dev: 'e0', cidr: '10.1.0.1/16' },
        { dev: 'e0', cidr: '10.1.0.5/24' },
      ]);
      assert.equal((await host.listAddresses()).length, 5);
      await rejectsWith(host.apply([add('10.1.0.1/24')]), 'EEXIST', 'duplicate');
      await rejectsWith(host.apply([add('10.1.0.1/24', 'eth9')]), 'ENOTFOUND', 'missing device');
      await rejectsWith(host.listAddresses('eth9'), 'ENOTFOUND', 'list on a missing device');
      const del = (cidr: string): KernelOp => ({ op: 'addr.delete', address: { dev: 'e0', cidr } });
      await rejectsWith(host.apply([del('10.1.0.9/24')]), 'ENOTFOUND', 'delete missing');
      await rejectsWith(host.apply([del('10.1.0.1/8')]), 'ENOTFOUND', 'delete other prefix');
      // promote_secondaries=0: deleting a primary deletes its secondaries.
      await host.apply([del('10.1.0.1/24')]);
      assert.deepEqual(await host.listAddresses('e0'), [
        { dev: 'e0', cidr: '10.2.0.1/16' },
        { dev: 'e0', cidr: '10.1.0.1/16' },
      ]);
    }),
  );

  it(
    'has connected routes exactly while the link is up and the address is there',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await host.apply([
        veth,
        { op: 'addr.add', address: { dev: 'e0', cidr: '10.1.0.1/24' } },
        { op: 'addr.add', address: { dev: 'e0', cidr: '10.3.0.1/32' } },
        { op: 'addr.add', address: { dev: 'e0', cidr: '10.4.0.1/31' } },
      ]);
      assert.deepEqual(await host.listRoutes(), [], 'no routes while down');
      await host.apply([{ op: 'link.set', name: 'e0', change: { up: true } }]);
      // A /32 has no connected route; the peer being down (no carrier) does not matter.
      const up = [connected('10.1.0.0/24', '10.1.0.1'), connected('10.4.0.0/31', '10.4.0.1')];
      assert.deepEqual(await host.listRoutes(), up);
      await host.apply([{ op: 'addr.add', address: { dev: 'e0', cidr: '10.5.0.9/16' } }]);
      assert.deepEqual((await host.listRoutes()).length, 3, 'address added on an up link');
      await host.apply([{ op: 'addr.delete', address: { dev: 'e0', cidr: '10.5.0.9/16' } }]);
      assert.deepEqual(await host.listRoutes(), up);
      await host.apply([{ op: 'link.set', name: 'e0', change: { up: false } }]);
      assert.deepEqual(await host.listRoutes(), []);
      await host.apply([{ op: 'link.set', name: 'e0', change: { up: true } }]);
      assert.deepEqual(await host.listRoutes(), up);
      // Connected routes can be deleted like any other; they return with the next up.
      await host.apply([{ op: 'route.delete', route: { dst: '10.1.0.0/24' } }]);
      assert.deepEqual(await host.listRoutes(), [up[1]]);
    }),
  );

  it(
    'keeps a local route per address in table local, and gives lo 127.0.0.1/8 when it comes up',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await host.apply([veth, { op: 'addr.add', address: { dev: 'e0', cidr: '10.1.0.1/24' } }]);
      const local = (dst: string, dev: string, src: string): RouteInfo => ({
        dst,
        dev,
        src,
        type: 'local',
        scope: 'host',
        protocol: 'kernel',
        table: 255,
      });
      assert.deepEqual(await host.listRoutes(255), [local('10.1.0.1/32', 'e0', '10.1.0.1')]);
      await host.apply([{ op: 'link.set', name: 'e0', change: { up: true } }]);
      const broadcast: RouteInfo = {
        dst: '10.1.0.255/32',
        dev: 'e0',
        src: '10.1.0.1',
        type: 'broadcast',
        scope: 'link',
        protocol: 'kernel',
        table: 255,
      };
      assert.deepEqual(await host.listRoutes(255), [local('10.1.0.1/32', 'e0', '10.1.0.1'), broadcast]);
      await host.apply([{ op: 'link.set', name: 'lo', change: { up: true } }]);
      assert.deepEqual(await host.listAddresses('lo'), [{ dev: 'lo', cidr: '127.0.0.1/8' }]);
      assert.deepEqual(await host.listRoutes(), [connected('10.1.0.0/24', '10.1.0.1')]);
      const lo = (await host.listRoutes(255)).filter((r) => r.dev === 'lo');
      assert.deepEqual(lo, [
        local('127.0.0.0/8', 'lo', '127.0.0.1'),
        local('127.0.0.1/32', 'lo', '127.0.0.1'),
        { ...broadcast, dst: '127.255.255.255/32', dev: 'lo', src: '127.0.0.1' },
      ]);
      // Down keeps addresses and host-scope routes, drops the rest.
      await host.apply([
        { op: 'link.set', name: 'lo', change: { up: false } },
        { op: 'link.set', name: 'e0', change: { up: false } },
      ]);
      assert.deepEqual(await host.listAddresses('lo'), [{ dev: 'lo', cidr: '127.0.0.1/8' }]);
      assert.deepEqual(await host.listRoutes(255), [
        local('10.1.0.1/32', 'e0', '10.1.0.1'),
        local('127.0.0.0/8', 'lo', '127.0.0.1'),
        local('127.0.0.1/32', 'lo', '127.0.0.1'),
      ]);
    }),
  );
}
