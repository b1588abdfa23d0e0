import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { FdbSpec, HostKernel, KernelOp } from '../types.js';
import { inLab, rejectsWith, sorted, type KernelSetup } from './harness.js';

/** Neighbours and FDB entries, including flannel's VXLAN trio (neighbour + FDB + onlink route). */
export function neighbourCases(setup: KernelSetup): void {
  const vtep = async (host: HostKernel) =>
    host.apply([
      { op: 'link.add', link: { kind: 'veth', name: 'eth0', peer: { name: 'eth1' } } },
      { op: 'addr.add', address: { dev: 'eth0', cidr: '172.30.0.11/24' } },
      { op: 'link.set', name: 'eth0', change: { up: true } },
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
      { op: 'addr.add', address: { dev: 'flannel.1', cidr: '10.244.0.0/32' } },
      { op: 'link.set', name: 'flannel.1', change: { up: true } },
    ]);
  const remoteMac = '0a:58:0a:f4:01:00';

  it(
    'installs and removes the flannel VXLAN trio: neighbour, FDB entry, onlink route',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await vtep(host);
      const trio: KernelOp[] = [
        { op: 'neigh.replace', neigh: { ip: '10.244.1.0', mac: remoteMac, dev: 'flannel.1' } },
        { op: 'fdb.append', fdb: { mac: remoteMac, dev: 'flannel.1', dst: '172.30.0.12' } },
        {
          op: 'route.replace',
          route: { dst: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1', onlink: true },
        },
      ];
      await host.apply(trio);
      await host.apply(trio); // idempotent, as flannel's resync relies on
      const neighbour = { ip: '10.244.1.0', mac: remoteMac, dev: 'flannel.1', state: 'permanent' };
      assert.deepEqual(await host.listNeighbours(), [neighbour]);
      assert.deepEqual(await host.listNeighbours('flannel.1'), [neighbour]);
      const fdb = { mac: remoteMac, dev: 'flannel.1', dst: '172.30.0.12', permanent: true };
      assert.deepEqual(await host.listFdb(), [fdb]);
      assert.deepEqual(await host.listFdb('flannel.1'), [fdb]);
      const route = {
        dst: '10.244.1.0/24',
        via: '10.244.1.0',
        dev: 'flannel.1',
        onlink: true,
        protocol: 'boot',
      };
      assert.deepEqual(
        (await host.listRoutes()).filter((r) => r.dev === 'flannel.1'),
        [route],
      );
      await host.apply([
        { op: 'route.delete', route: { dst: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1' } },
        { op: 'fdb.delete', fdb: { mac: remoteMac, dev: 'flannel.1', dst: '172.30.0.12' } },
        { op: 'neigh.delete', neigh: { ip: '10.244.1.0', dev: 'flannel.1' } },
      ]);
      assert.deepEqual(await host.listNeighbours(), []);
      assert.deepEqual(await host.listFdb(), []);
      assert.deepEqual(
        (await host.listRoutes()).filter((r) => r.dev === 'flannel.1'),
        [],
      );
      const missing: [string, KernelOp][] = [
        ['neighbour', { op: 'neigh.delete', neigh: { ip: '10.244.1.0', dev: 'flannel.1' } }],
        ['FDB entry', { op: 'fdb.delete', fdb: { mac: remoteMac, dev: 'flannel.1', dst: '172.30.0.12' } }],
        [
          'neighbour device',
          { op: 'neigh.replace', neigh: { ip: '10.244.1.0', mac: remoteMac, dev: 'eth9' } },
        ],
        ['FDB device', { op: 'fdb.append', fdb: { mac: remoteMac, dev: 'eth9', dst: '172.30.0.12' } }],
      ];
      for (const [what, op] of missing) await rejectsWith(host.apply([op]), 'ENOTFOUND', what);
      await rejectsWith(host.listNeighbours('eth9'), 'ENOTFOUND');
      await rejectsWith(host.listFdb('eth9'), 'ENOTFOUND');
    }),
  );

  it(
    'keeps neighbour states, hides noarp ones, and flushes them when the link goes down',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await vtep(host);
      const neigh = (ip: string, state: 'permanent' | 'noarp' | 'stale'): KernelOp => ({
        op: 'neigh.replace',
        neigh: { ip, mac: remoteMac, dev: 'flannel.1', state },
      });
      await host.apply([
        neigh('10.244.1.0', 'permanent'),
        neigh('10.244.2.0', 'stale'),
        neigh('10.244.3.0', 'noarp'),
      ]);
      await host.apply([
        { op: 'neigh.replace', neigh: { ip: '10.244.1.0', mac: '0a:58:0a:f4:01:01', dev: 'flannel.1' } },
      ]);
      assert.deepEqual(sorted(await host.listNeighbours()), [
        { ip: '10.244.1.0', mac: '0a:58:0a:f4:01:01', dev: 'flannel.1', state: 'permanent' },
        { ip: '10.244.2.0', mac: remoteMac, dev: 'flannel.1', state: 'stale' },
      ]);
      // ARP keys every entry on a loopback device by 0.0.0.0.
      await host.apply([{ op: 'neigh.replace', neigh: { ip: '10.9.9.9', mac: remoteMac, dev: 'lo' } }]);
      assert.deepEqual(await host.listNeighbours('lo'), [
        { ip: '0.0.0.0', mac: remoteMac, dev: 'lo', state: 'permanent' },
      ]);
      // ... but deletes by the address as given, which therefore never matches.
      await rejectsWith(
        host.apply([{ op: 'neigh.delete', neigh: { ip: '10.9.9.9', dev: 'lo' } }]),
        'ENOTFOUND',
      );
      await host.apply([{ op: 'neigh.delete', neigh: { ip: '0.0.0.0', dev: 'lo' } }]);
      await host.apply([{ op: 'fdb.append', fdb: { mac: remoteMac, dev: 'flannel.1', dst: '172.30.0.12' } }]);
      await host.apply([{ op: 'link.set', name: 'flannel.1', change: { up: false } }]);
      // Down flushes ARP entries, permanent ones included, but permanent FDB entries stay.
      assert.deepEqual(await host.listNeighbours(), []);
      assert.equal((await host.listFdb()).length, 1);
    }),
  );

  it(
    'appends and replaces FDB entries the way the VXLAN driver does',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await vtep(host);
      const fdb = (op: 'fdb.append' | 'fdb.replace' | 'fdb.delete', mac: string, dst: string): KernelOp => ({
        op,
        fdb: { mac, dev: 'flannel.1', dst },
      });
      const zero = '00:00:00:00:00:00';
      await host.apply([
        fdb('fdb.append', remoteMac, '172.30.0.12'),
        // A unicast MAC has one remote: append of another is a quiet no-op.
        fdb('fdb.append', remoteMac, '172.30.0.13'),
        // The all-zeros entry is the flood list: append adds remotes.
        fdb('fdb.append', zero, '172.30.0.12'),
        fdb('fdb.append', zero, '172.30.0.13'),
        fdb('fdb.replace', '0a:58:0a:f4:02:00', '172.30.0.14'),
      ]);
      const entry = (mac: string, dst: string): FdbSpec => ({ mac, dev: 'flannel.1', dst, permanent: true });
      assert.deepEqual(sorted(await host.listFdb()), [
        entry(zero, '172.30.0.12'),
        entry(zero, '172.30.0.13'),
        entry(remoteMac, '172.30.0.12'),
        entry('0a:58:0a:f4:02:00', '172.30.0.14'),
      ]);
      await host.apply([fdb('fdb.replace', remoteMac, '172.30.0.15')]);
      await rejectsWith(
        host.apply([fdb('fdb.replace', zero, '172.30.0.19')]),
        'EKERNEL',
        'replace the flood list',
      );
      // Deleting a remote the MAC does not have succeeds and changes nothing.
      await host.apply([fdb('fdb.delete', remoteMac, '172.30.0.99'), fdb('fdb.delete', zero, '172.30.0.12')]);
      assert.deepEqual(sorted(await host.listFdb()), [
        entry(zero, '172.30.0.13'),
        entry(remoteMac, '172.30.0.15'),
        entry('0a:58:0a:f4:02:00', '172.30.0.14'),
      ]);
    }),
  );
}
