import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FdbSpec, NeighSpec, NeighState, RouteInfo } from '../kernel/types.js';
import { diff, forgetDevices, type Observed } from './diff.js';

const scope = { clusterCidr: '10.244.0.0/16', localSubnet: '10.244.0.0/24', protectedSubnets: [] };
const mac = (i: number) => `0a:58:0a:f4:0${i}:00`;
const neigh = (i: number, state: NeighState = 'permanent'): NeighSpec & { state: NeighState } => ({
  ip: `10.244.${i}.0`,
  mac: mac(i),
  dev: 'flannel.1',
  state,
});
const fdb = (i: number, dst = `172.30.0.1${i}`): FdbSpec => ({
  mac: mac(i),
  dev: 'flannel.1',
  dst,
  permanent: true,
});
const route = (i: number, extra: Partial<RouteInfo> = {}): RouteInfo => ({
  dst: `10.244.${i}.0/24`,
  via: `10.244.${i}.0`,
  dev: 'flannel.1',
  onlink: true,
  protocol: 'boot',
  ...extra,
});
const want = (...is: number[]) => ({
  neighbours: is.map((i) => ({ ip: `10.244.${i}.0`, mac: mac(i), dev: 'flannel.1' })),
  fdb: is.map((i) => ({ mac: mac(i), dev: 'flannel.1', dst: `172.30.0.1${i}` })),
  routes: is.map((i) => ({ dst: `10.244.${i}.0/24`, via: `10.244.${i}.0`, dev: 'flannel.1', onlink: true })),
});
const observed = (is: number[], extra: Partial<Observed> = {}): Observed => ({
  links: [],
  addresses: [],
  routes: is.map((i) => route(i)),
  neighbours: is.map((i) => neigh(i)),
  fdb: is.map((i) => fdb(i)),
  ...extra,
});

describe('diff', () => {
  test('one batch: stale routes out first, then neighbours, FDB, routes in, then stale FDB and neighbours out', () => {
    const ops = diff(want(1, 3), observed([1, 2]), scope);
    assert.deepEqual(
      ops.map((o) => `${o.op} ${JSON.stringify(o).match(/10\.244\.(\d)|0a:58:0a:f4:0(\d)/)![0]}`),
      [
        'route.delete 10.244.2',
        'neigh.replace 10.244.3',
        'fdb.replace 0a:58:0a:f4:03',
        'route.replace 10.244.3',
        'fdb.delete 0a:58:0a:f4:02',
        'neigh.delete 10.244.2',
      ],
    );
  });

  test('nothing to do when the kernel matches', () => {
    assert.deepEqual(diff(want(1, 2), observed([1, 2]), scope), []);
  });

  test("leaves routes it does not own: connected, the node's own subnet, outside the cluster CIDR, default, other tables", () => {
    const foreign: RouteInfo[] = [
      { dst: '10.244.0.0/24', dev: 'cni0', protocol: 'kernel', scope: 'link', src: '10.244.0.1' },
      { dst: '10.244.0.0/24', via: '172.30.0.1', dev: 'eth0', protocol: 'boot' },
      { dst: '10.9.0.0/16', via: '172.30.0.1', dev: 'eth0', protocol: 'boot' },
      { dst: 'default', via: '172.30.0.1', dev: 'eth0', protocol: 'boot' },
      { dst: '10.244.7.0/24', via: '172.30.0.1', dev: 'eth0', protocol: 'boot', table: 100 },
      { dst: '10.244.7.0/24', dev: 'eth0', protocol: 'boot', type: 'blackhole' },
    ];
    assert.deepEqual(diff(want(), observed([], { routes: foreign }), scope), []);
  });

  test('a route with another metric is stale: deleted exactly, the metric-0 one added', () => {
    const ops = diff(want(1), observed([1], { routes: [route(1, { metric: 100 })] }), scope);
    assert.deepEqual(ops, [
      {
        op: 'route.delete',
        route: { dst: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1', metric: 100 },
      },
      { op: 'route.replace', route: want(1).routes[0] },
    ]);
  });

  test('a neighbour that is not permanent, or has another MAC, is replaced in place', () => {
    const have = observed([1, 2], {
      neighbours: [neigh(1, 'stale'), { ...neigh(2), mac: '0a:00:00:00:00:02' }],
    });
    assert.deepEqual(
      diff(want(1, 2), have, scope).map((o) => o.op),
      ['neigh.replace', 'neigh.replace'],
    );
  });

  test('an FDB entry whose remote moved is replaced, never deleted first', () => {
    const ops = diff(want(1), observed([1], { fdb: [fdb(1, '172.30.0.99')] }), scope);
    assert.deepEqual(ops, [
      { op: 'fdb.replace', fdb: { mac: mac(1), dev: 'flannel.1', dst: '172.30.0.11' } },
    ]);
  });

  test('entries of a protected subnet stay, whatever they are', () => {
    assert.deepEqual(diff(want(1), observed([1, 2]), { ...scope, protectedSubnets: ['10.244.2.0/24'] }), []);
  });

  test('forgetDevices drops what a recreated device held, so it is planned again', () => {
    const have = forgetDevices(observed([1]), ['flannel.1']);
    assert.deepEqual([have.routes, have.neighbours, have.fdb], [[], [], []]);
    assert.deepEqual(diff(want(1), have, scope).length, 3);
  });
});
