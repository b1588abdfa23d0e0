import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LinkInfo } from '../../kernel/types.js';
import { CniError } from '../spec/errors.js';
import type { CniResult } from '../spec/result.js';
import type { BridgeConfig } from './config.js';
import { bridgeMac, hostVethMac, hostVethName, podMac } from './names.js';
import { bridgeAddresses, planBridge, planContainer, planHostVeth, withGateways } from './plan.js';

const CONF: BridgeConfig = {
  bridge: 'cni0',
  isGateway: true,
  isDefaultGateway: true,
  mtu: 1450,
  hairpinMode: true,
  ipMasq: false,
  ipamType: 'flatnet-ipam',
};
const IPAM: CniResult = { ips: [{ address: '10.244.1.5/24', gateway: '10.244.1.1' }], routes: [], dns: {} };
const bridgeLink = (fields: Partial<LinkInfo> = {}): LinkInfo => ({
  name: 'cni0',
  index: 2,
  kind: 'bridge',
  mtu: 1500,
  up: true,
  mac: '0a:58:0a:f4:01:01',
  ...fields,
});

test('host veth names are deterministic per attachment and fit IFNAMSIZ', () => {
  const name = hostVethName('c0ffee01', 'eth0');
  assert.match(name, /^veth[0-9a-f]{8}$/);
  assert.equal(hostVethName('c0ffee01', 'eth0'), name);
  assert.notEqual(hostVethName('c0ffee01', 'net1'), name);
  assert.notEqual(hostVethName('c0ffee02', 'eth0'), name);
});

test('MACs: the bridge and a pod take 0a:58 + their address, a host veth a stable local one', () => {
  assert.equal(bridgeMac('10.244.1.1'), '0a:58:0a:f4:01:01');
  assert.equal(podMac('10.244.1.5'), '0a:58:0a:f4:01:05');
  // Locally administered unicast, stable per host veth, different per host veth.
  assert.match(hostVethMac('veth1234abcd'), /^02(:[0-9a-f]{2}){5}$/);
  assert.equal(hostVethMac('veth1234abcd'), hostVethMac('veth1234abcd'));
  assert.notEqual(hostVethMac('veth1234abcd'), hostVethMac('veth1234abce'));
});

test('withGateways puts every IP on interface 2 and adds the default route (bridge.go calcGateways)', () => {
  const result = withGateways(CONF, { ...IPAM, routes: [{ dst: '10.96.0.0/12' }] });
  assert.deepEqual(result.ips, [{ address: '10.244.1.5/24', gateway: '10.244.1.1', interface: 2 }]);
  assert.deepEqual(result.routes, [{ dst: '10.96.0.0/12' }, { dst: '0.0.0.0/0', gw: '10.244.1.1' }]);
});

test('withGateways fills a missing gateway only when the bridge is the gateway; keeps an IPAM default route', () => {
  const noGw: CniResult = { ips: [{ address: '10.244.1.5/24' }], routes: [{ dst: '0.0.0.0/0' }], dns: {} };
  assert.equal(withGateways(CONF, noGw).ips[0]!.gateway, '10.244.1.1');
  assert.deepEqual(withGateways(CONF, noGw).routes, [{ dst: '0.0.0.0/0' }]);
  const plain = { ...CONF, isGateway: false, isDefaultGateway: false };
  assert.equal(withGateways(plain, noGw).ips[0]!.gateway, undefined);
  assert.deepEqual(bridgeAddresses(plain, withGateways(plain, IPAM)), []);
});

test('a missing bridge is created with a pinned MAC and the gateway, then brought up', () => {
  const gws = bridgeAddresses(CONF, withGateways(CONF, IPAM));
  assert.deepEqual(gws, ['10.244.1.1/24']);
  assert.deepEqual(planBridge(CONF, { addresses: [] }, gws), [
    { op: 'link.add', link: { kind: 'bridge', name: 'cni0', mac: '0a:58:0a:f4:01:01', mtu: 1450 } },
    { op: 'addr.add', address: { dev: 'cni0', cidr: '10.244.1.1/24' } },
    { op: 'link.set', name: 'cni0', change: { up: true } },
  ]);
});

test('an existing, configured bridge needs nothing', () => {
  const addresses = [{ dev: 'cni0', cidr: '10.244.1.1/24' }];
  assert.deepEqual(planBridge(CONF, { link: bridgeLink(), addresses }, ['10.244.1.1/24']), []);
});

test('a non-bridge link with the name, or another address in the subnet, is refused', () => {
  assert.throws(() => planBridge(CONF, { link: bridgeLink({ kind: 'dummy' }), addresses: [] }, []), CniError);
  const other = [{ dev: 'cni0', cidr: '10.244.1.254/24' }];
  assert.throws(
    () => planBridge(CONF, { link: bridgeLink(), addresses: other }, ['10.244.1.1/24']),
    /already has/,
  );
  const unrelated = [{ dev: 'cni0', cidr: '10.245.0.1/24' }];
  assert.equal(planBridge(CONF, { link: bridgeLink(), addresses: unrelated }, ['10.244.1.1/24']).length, 1);
});

test('the veth is created with its container end inside the pod namespace, then enslaved with hairpin', () => {
  assert.deepEqual(planHostVeth(CONF, 'veth1234abcd', 'eth0', 'pod-a'), [
    {
      op: 'link.add',
      link: {
        kind: 'veth',
        name: 'veth1234abcd',
        mac: hostVethMac('veth1234abcd'),
        peer: { name: 'eth0', netns: 'pod-a' },
        mtu: 1450,
      },
    },
    { op: 'link.set', name: 'veth1234abcd', change: { master: 'cni0', hairpin: true, up: true } },
  ]);
  const noHairpin = planHostVeth({ ...CONF, hairpinMode: false }, 'v', 'eth0', '/proc/1/ns/net');
  assert.deepEqual(noHairpin[1], { op: 'link.set', name: 'v', change: { master: 'cni0', up: true } });
});

test('the container gets address, MAC, MTU and up, then routes through the gateway (ipam.ConfigureIface)', () => {
  const result = withGateways(CONF, {
    ...IPAM,
    routes: [{ dst: '10.96.0.0/12' }, { dst: '10.1.0.0/16', gw: '10.244.1.9' }],
  });
  assert.deepEqual(planContainer(CONF, 'eth0', result), [
    { op: 'addr.add', address: { dev: 'eth0', cidr: '10.244.1.5/24' } },
    { op: 'link.set', name: 'eth0', change: { mac: '0a:58:0a:f4:01:05', mtu: 1450, up: true } },
    { op: 'route.add', route: { dst: '10.96.0.0/12', via: '10.244.1.1', dev: 'eth0' } },
    { op: 'route.add', route: { dst: '10.1.0.0/16', via: '10.244.1.9', dev: 'eth0' } },
    { op: 'route.add', route: { dst: 'default', via: '10.244.1.1', dev: 'eth0' } },
  ]);
});

test('without any gateway a route is a device route', () => {
  const plain = { ...CONF, isGateway: false, isDefaultGateway: false };
  const result = withGateways(plain, {
    ips: [{ address: '10.244.1.5/24' }],
    routes: [{ dst: '10.96.0.0/12' }],
    dns: {},
  });
  assert.deepEqual(planContainer(plain, 'eth0', result).at(-1), {
    op: 'route.add',
    route: { dst: '10.96.0.0/12', dev: 'eth0', scope: 'link' },
  });
});
