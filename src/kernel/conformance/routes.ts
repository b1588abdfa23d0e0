import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HostKernel, KernelOp, RouteSpec } from '../types.js';
import { inLab, rejectsWith, type KernelSetup } from './harness.js';

/** Static routes: the kernel's nexthop checks, duplicates, replace, delete, and route lifetimes. */
export function routeCases(setup: KernelSetup): void {
  /** e0 (up, 10.1.0.1/24) and its peer e1 (down, no address). */
  const wired = async (host: HostKernel) =>
    host.apply([
      { op: 'link.add', link: { kind: 'veth', name: 'e0', peer: { name: 'e1' } } },
      { op: 'addr.add', address: { dev: 'e0', cidr: '10.1.0.1/24' } },
      { op: 'link.set', name: 'e0', change: { up: true } },
    ]);
  const add = (route: RouteSpec): KernelOp => ({ op: 'route.add', route });
  const userRoutes = async (host: HostKernel, table?: number) =>
    (await host.listRoutes(table)).filter((r) => r.protocol !== 'kernel');

  it(
    'adds device, gateway, onlink and blackhole routes and lists them as the kernel does',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await wired(host);
      await host.apply([
        add({ dst: '10.5.0.0/16', dev: 'e0' }),
        add({ dst: '10.6.0.0/16', via: '10.1.0.2' }),
        add({ dst: '10.7.0.0/16', via: '10.9.0.2', dev: 'e0', onlink: true }),
        // A device route makes its subnet a valid place for gateways too.
        add({ dst: '10.8.0.0/16', via: '10.5.0.9' }),
        add({ dst: '10.11.0.0/16', dev: 'e0', src: '10.1.0.1', metric: 50 }),
        add({ dst: '10.12.0.0/16', type: 'blackhole' }),
        add({ dst: 'default', via: '10.1.0.254' }),
        add({ dst: '10.13.0.0/16', via: '10.1.0.3', table: 100 }),
        // The link's own address is a valid gateway (its local route has host scope).
        add({ dst: '10.14.0.0/16', via: '10.1.0.1' }),
      ]);
      assert.deepEqual(await userRoutes(host), [
        { dst: 'default', via: '10.1.0.254', dev: 'e0', protocol: 'boot' },
        { dst: '10.5.0.0/16', dev: 'e0', scope: 'link', protocol: 'boot' },
        { dst: '10.6.0.0/16', via: '10.1.0.2', dev: 'e0', protocol: 'boot' },
        { dst: '10.7.0.0/16', via: '10.9.0.2', dev: 'e0', onlink: true, protocol: 'boot' },
        { dst: '10.8.0.0/16', via: '10.5.0.9', dev: 'e0', protocol: 'boot' },
        { dst: '10.11.0.0/16', dev: 'e0', src: '10.1.0.1', scope: 'link', metric: 50, protocol: 'boot' },
        { dst: '10.12.0.0/16', type: 'blackhole', protocol: 'boot' },
        { dst: '10.14.0.0/16', via: '10.1.0.1', dev: 'e0', protocol: 'boot' },
      ]);
      assert.deepEqual(await host.listRoutes(100), [
        { dst: '10.13.0.0/16', via: '10.1.0.3', dev: 'e0', table: 100, protocol: 'boot' },
      ]);
      // A table nobody has used yet is just empty.
      assert.deepEqual(await host.listRoutes(101), []);
    }),
  );

  it(
    'raises the kernel error codes for routes',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await wired(host);
      await host.apply([
        add({ dst: '10.5.0.0/16', dev: 'e0' }),
        add({ dst: '10.6.0.0/16', via: '10.1.0.2' }),
      ]);
      const cases: [string, RouteSpec, string][] = [
        ['duplicate', { dst: '10.5.0.0/16', via: '10.1.0.7' }, 'EEXIST'],
        ['same prefix as a connected route', { dst: '10.1.0.0/24', via: '10.1.0.3' }, 'EEXIST'],
        ['gateway outside every connected subnet', { dst: '10.20.0.0/16', via: '10.9.0.2' }, 'EUNREACH'],
        ['gateway behind another gateway', { dst: '10.20.0.0/16', via: '10.6.0.9' }, 'EUNREACH'],
        ['gateway not on the given device', { dst: '10.20.0.0/16', via: '10.1.0.2', dev: 'e1' }, 'EUNREACH'],
        ['device down', { dst: '10.20.0.0/16', dev: 'e1' }, 'EUNREACH'],
        [
          'onlink through a down device',
          { dst: '10.20.0.0/16', via: '10.9.0.2', dev: 'e1', onlink: true },
          'EUNREACH',
        ],
        ['onlink without a device', { dst: '10.20.0.0/16', via: '10.9.0.2', onlink: true }, 'EINVAL'],
        ['missing device', { dst: '10.20.0.0/16', dev: 'eth9' }, 'ENOTFOUND'],
        ['host bits in the destination', { dst: '10.20.0.1/16', dev: 'e0' }, 'EINVAL'],
        ['source that is not local', { dst: '10.20.0.0/16', dev: 'e0', src: '10.1.0.77' }, 'EINVAL'],
      ];
      for (const [what, route, code] of cases)
        await rejectsWith(host.apply([add(route)]), code as 'EINVAL', what);
      const del = (route: RouteSpec): KernelOp => ({ op: 'route.delete', route });
      await rejectsWith(host.apply([del({ dst: '10.99.0.0/16' })]), 'ENOTFOUND', 'delete missing');
      await rejectsWith(
        host.apply([del({ dst: '10.6.0.0/16', via: '10.1.0.9' })]),
        'ENOTFOUND',
        'other gateway',
      );
      await rejectsWith(host.apply([del({ dst: '10.6.0.0/16', dev: 'e1' })]), 'ENOTFOUND', 'other device');
      await rejectsWith(
        host.apply([del({ dst: '10.6.0.0/16', dev: 'eth9' })]),
        'ENOTFOUND',
        'missing device',
      );
      assert.equal((await userRoutes(host)).length, 2);
    }),
  );

  it(
    'replaces, keeps routes apart by metric, and deletes the route matching the given attributes',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await wired(host);
      const dst = '10.20.0.0/16';
      await host.apply([{ op: 'route.replace', route: { dst, via: '10.1.0.2' } }]);
      await host.apply([{ op: 'route.replace', route: { dst, via: '10.1.0.3' } }]);
      await host.apply([add({ dst, via: '10.1.0.4', metric: 10 })]);
      assert.deepEqual(await userRoutes(host), [
        { dst, via: '10.1.0.3', dev: 'e0', protocol: 'boot' },
        { dst, via: '10.1.0.4', dev: 'e0', metric: 10, protocol: 'boot' },
      ]);
      await rejectsWith(host.apply([{ op: 'route.delete', route: { dst, metric: 7 } }]), 'ENOTFOUND');
      await host.apply([{ op: 'route.delete', route: { dst, via: '10.1.0.4' } }]);
      assert.deepEqual(await userRoutes(host), [{ dst, via: '10.1.0.3', dev: 'e0', protocol: 'boot' }]);
      await host.apply([{ op: 'route.delete', route: { dst } }]);
      assert.deepEqual(await userRoutes(host), []);
    }),
  );

  it(
    'drops routes through a link that goes down or away, but not a gateway route whose subnet goes',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await wired(host);
      await host.apply([
        { op: 'link.add', link: { kind: 'veth', name: 'f0', peer: { name: 'f1' } } },
        { op: 'link.set', name: 'f0', change: { up: true } },
        add({ dst: '10.5.0.0/16', dev: 'e0' }),
        add({ dst: '10.6.0.0/16', via: '10.1.0.2' }),
        add({ dst: '10.7.0.0/16', via: '10.9.0.2', dev: 'e0', onlink: true }),
        add({ dst: '10.8.0.0/16', dev: 'e0', scope: 'host' }),
        add({ dst: '10.9.0.0/16', dev: 'f0' }),
        add({ dst: '10.10.0.0/16', dev: 'f0', src: '10.1.0.1' }),
        { op: 'route.delete', route: { dst: '10.1.0.0/24' } },
      ]);
      const dsts = async () => (await host.listRoutes()).map((r) => r.dst);
      assert.deepEqual(await dsts(), [
        '10.5.0.0/16',
        '10.6.0.0/16',
        '10.7.0.0/16',
        '10.8.0.0/16',
        '10.9.0.0/16',
        '10.10.0.0/16',
      ]);
      await host.apply([{ op: 'link.set', name: 'e0', change: { up: false } }]);
      // Host-scope routes survive a down link; the rest through it go.
      assert.deepEqual(await dsts(), ['10.8.0.0/16', '10.9.0.0/16', '10.10.0.0/16']);
      // Deleting the link's last address disables IP on it: even host-scope routes through it go,
      // and so do routes elsewhere that used the address as source.
      await host.apply([{ op: 'addr.delete', address: { dev: 'e0', cidr: '10.1.0.1/24' } }]);
      assert.deepEqual(await dsts(), ['10.9.0.0/16']);
      await host.apply([
        add({ dst: '10.8.0.0/16', dev: 'e0', scope: 'host' }),
        { op: 'link.delete', name: 'f1' },
      ]);
      assert.deepEqual(await dsts(), ['10.8.0.0/16']);
      await host.apply([{ op: 'link.delete', name: 'e0' }]);
      assert.deepEqual(await host.listRoutes(), []);
    }),
  );

  it(
    'puts local routes in table local unless a table is given',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await wired(host);
      await host.apply([add({ dst: '10.96.0.10/32', dev: 'e0', type: 'local' })]);
      assert.deepEqual(await userRoutes(host), []);
      assert.deepEqual(await userRoutes(host, 255), [
        { dst: '10.96.0.10/32', dev: 'e0', type: 'local', scope: 'host', table: 255, protocol: 'boot' },
      ]);
      await host.apply([{ op: 'route.delete', route: { dst: '10.96.0.10/32', type: 'local' } }]);
      assert.deepEqual(await userRoutes(host, 255), []);
    }),
  );
}
