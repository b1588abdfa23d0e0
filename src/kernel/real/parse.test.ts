import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseAddresses,
  parseFdb,
  parseJsonArray,
  parseLinks,
  parseNeighbours,
  parseRoutes,
} from './parse.js';
import * as sample from './parse.samples.js';

test('parses links: kinds, flags, master and hairpin, VXLAN attributes', () => {
  assert.deepEqual(parseLinks(sample.LINKS), [
    { name: 'lo', index: 1, kind: 'loopback', mtu: 65536, up: false, mac: '00:00:00:00:00:00' },
    // A bridge takes its smallest port MTU and MAC.
    { name: 'br0', index: 2, kind: 'bridge', mtu: 1450, up: true, mac: '9a:fa:cc:34:87:f6' },
    {
      name: 'veth0',
      index: 3,
      kind: 'veth',
      mtu: 1450,
      up: true,
      mac: '9a:fa:cc:34:87:f6',
      master: 'br0',
      hairpin: true,
    },
    { name: 'eth1', index: 4, kind: 'veth', mtu: 1500, up: false, mac: 'c2:07:cf:11:98:0d' },
    // Administratively up without carrier: UP is in the flags, that is what `up` means.
    { name: 'eth0', index: 5, kind: 'veth', mtu: 1500, up: true, mac: '0a:ff:41:4e:e5:ff' },
    {
      name: 'flannel.1',
      index: 6,
      kind: 'vxlan',
      mtu: 1450,
      up: true,
      mac: '46:0d:1c:d5:d5:b9',
      vxlan: { vni: 1, port: 8472, learning: false, local: '172.30.0.11', dev: 'eth0' },
    },
  ]);
  assert.deepEqual(
    parseLinks(sample.LINKS_PEER_NETNS).map((l) => [l.name, l.index, l.kind]),
    [
      ['lo', 1, 'loopback'],
      ['eth0', 2, 'veth'],
    ],
  );
});

test('parses IPv4 addresses in kernel order, secondaries last', () => {
  assert.deepEqual(parseAddresses(sample.ADDRESSES), [
    { dev: 'br0', cidr: '10.244.0.1/24' },
    { dev: 'eth0', cidr: '172.30.0.11/24' },
    { dev: 'eth0', cidr: '172.30.0.12/24' },
    { dev: 'flannel.1', cidr: '10.244.0.0/32' },
  ]);
});

test('parses routes: default, boot protocol when absent, onlink, metric, blackhole', () => {
  assert.deepEqual(parseRoutes(sample.ROUTES_MAIN, 254), [
    { dst: 'default', via: '172.30.0.1', dev: 'eth0', protocol: 'boot' },
    { dst: '10.9.0.0/16', dev: 'eth0', scope: 'link', src: '172.30.0.11', metric: 100, protocol: 'boot' },
    { dst: '10.10.0.0/16', type: 'blackhole', protocol: 'boot' },
    { dst: '10.244.0.0/24', dev: 'br0', scope: 'link', src: '10.244.0.1', protocol: 'kernel' },
    { dst: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1', onlink: true, protocol: 'boot' },
    { dst: '172.30.0.0/24', dev: 'eth0', scope: 'link', src: '172.30.0.11', protocol: 'kernel' },
  ]);
  assert.deepEqual(parseRoutes(sample.ROUTES_100, 100), [
    { dst: '10.11.0.0/16', via: '172.30.0.2', dev: 'eth0', protocol: 'boot', table: 100 },
  ]);
});

test('parses the local table: /32 for bare addresses, local and broadcast types', () => {
  const local = parseRoutes(sample.ROUTES_LOCAL, 255);
  assert.deepEqual(local[0], {
    dst: '10.244.0.0/32',
    type: 'local',
    dev: 'flannel.1',
    src: '10.244.0.0',
    scope: 'host',
    protocol: 'kernel',
    table: 255,
  });
  assert.deepEqual(
    local.map((r) => `${r.type} ${r.dst} ${r.src}`),
    [
      'local 10.244.0.0/32 10.244.0.0',
      'local 10.244.0.1/32 10.244.0.1',
      'broadcast 10.244.0.255/32 10.244.0.1',
      'local 172.30.0.11/32 172.30.0.11',
      // A secondary address's local route has the primary as source.
      'local 172.30.0.12/32 172.30.0.11',
      'broadcast 172.30.0.255/32 172.30.0.11',
    ],
  );
});

test('parses neighbours, taking the device from the filter when entries omit it', () => {
  const flannel = { ip: '10.244.1.0', mac: '0a:58:0a:f4:01:00', dev: 'flannel.1', state: 'permanent' };
  assert.deepEqual(parseNeighbours(sample.NEIGHBOURS), [
    flannel,
    { ip: '172.30.0.2', mac: '02:00:00:00:00:02', dev: 'eth0', state: 'stale' },
  ]);
  assert.deepEqual(parseNeighbours(sample.NEIGHBOURS_DEV, 'flannel.1'), [flannel]);
});

test('parses only FDB entries with a remote, taking the device from the filter when omitted', () => {
  const entries = [
    { mac: '00:00:00:00:00:00', dev: 'flannel.1', dst: '172.30.0.13', permanent: true },
    { mac: '0a:58:0a:f4:01:00', dev: 'flannel.1', dst: '172.30.0.12', permanent: true },
  ];
  assert.deepEqual(parseFdb(sample.FDB), entries);
  assert.deepEqual(parseFdb(sample.FDB_DEV, 'flannel.1'), entries);
});

test('parses empty output and namespace lists', () => {
  for (const text of ['', '\n', '[]']) assert.deepEqual(parseJsonArray(text), []);
  assert.deepEqual(
    parseJsonArray(sample.NETNS).map((n) => n['name']),
    ['lab_b', 'lab_a'],
  );
  assert.deepEqual(parseLinks(''), []);
  assert.deepEqual(parseRoutes('', 254), []);
});
