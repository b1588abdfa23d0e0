import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeKernel } from '../../kernel/fake/fake-kernel.js';
import { netnsNameFromPath } from '../../kernel/validate.js';
import { invoke, makeBridgeConf, makeEnv, withField, withIpam, type Tweak } from '../fixtures.js';
import { FakeStore } from '../ipam/fake-store.js';
import { ipamPlugin } from '../ipam/plugin.js';
import { CNI_CODE, CniError } from '../spec/errors.js';
import type { Json } from '../spec/netconf.js';
import { hostVethName } from './names.js';
import { bridgePlugin } from './plugin.js';

/**
 * flatnet-bridge on the fake kernel, with flatnet-ipam run in-process as its delegate: the whole
 * protocol (env + stdin in, JSON out) and the kernel state it leaves, without root.
 */
async function setup() {
  const kernel = new FakeKernel();
  for (const ns of ['node', 'pod-a', 'pod-b']) await kernel.createNetns(ns);
  const store = new FakeStore();
  const ipam = ipamPlugin({ openStore: () => store });
  const delegated: string[] = [];
  const logs: string[] = [];
  const plugin = bridgePlugin({
    node: kernel.host('node'),
    openNetns: (path) => kernel.hostAtPath(path),
    inspectNetns: async (path) =>
      (await kernel.listNetns()).includes(netnsNameFromPath(path) ?? '') ? 'netns' : 'missing',
    delegate: (env) => async (type, command, stdin) => {
      delegated.push(`${type} ${command}`);
      const run = await invoke(ipam, { ...env.raw, CNI_COMMAND: command }, stdin);
      if (run.exitCode !== 0) throw new CniError(Number(run.out?.['code']), String(run.out?.['msg']));
      return run.out;
    },
    log: (line) => logs.push(line),
  });
  const run = (command: string, env: Record<string, string | undefined> = {}, ...tweaks: Tweak[]) =>
    invoke(plugin, makeEnv(command, env), makeBridgeConf(...tweaks));
  return { kernel, store, delegated, logs, run, node: kernel.host('node'), pod: kernel.host('pod-a') };
}

const VETH = hostVethName('c0ffee01', 'eth0');

test('ADD: bridge with gateway, veth on it with hairpin, pod eth0 with address and routes, result [bridge, veth, eth0]', async () => {
  const { run, node, pod } = await setup();
  const add = await run('ADD', {}, withIpam({ routes: [{ dst: '10.96.0.0/12' }] }));
  assert.equal(add.exitCode, 0, JSON.stringify(add.out));
  const veth = await node.getLink(VETH);
  const eth0 = await pod.getLink('eth0');
  assert.deepEqual(add.out, {
    cniVersion: '1.1.0',
    interfaces: [
      { name: 'cni0', mac: '0a:58:0a:f4:01:01', mtu: 1450 },
      { name: VETH, mac: veth!.mac, mtu: 1450 },
      { name: 'eth0', mac: eth0!.mac, mtu: 1450, sandbox: '/run/netns/pod-a' },
    ],
    ips: [{ address: '10.244.1.2/24', gateway: '10.244.1.1', interface: 2 }],
    routes: [{ dst: '10.96.0.0/12' }, { dst: '0.0.0.0/0', gw: '10.244.1.1' }],
    dns: {},
  });
  assert.deepEqual([veth!.master, veth!.hairpin, veth!.up], ['cni0', true, true]);
  assert.deepEqual(await node.listAddresses('cni0'), [{ dev: 'cni0', cidr: '10.244.1.1/24' }]);
  assert.deepEqual(await pod.listAddresses('eth0'), [{ dev: 'eth0', cidr: '10.244.1.2/24' }]);
  const routes = (await pod.listRoutes()).map((r) => `${r.dst} ${r.via ?? '-'}`);
  assert.deepEqual(routes.sort(), ['10.244.1.0/24 -', '10.96.0.0/12 10.244.1.1', 'default 10.244.1.1']);
  assert.equal(await node.getSysctl('net.ipv4.ip_forward'), '1');
  assert.equal(await node.getLink('eth0'), undefined, 'the container end never exists in the node');
});

test('a second pod joins the same bridge with the next address', async () => {
  const { run, kernel } = await setup();
  await run('ADD');
  const b = await run('ADD', { CNI_CONTAINERID: 'pod-b-id', CNI_NETNS: '/var/run/netns/pod-b' });
  assert.equal((b.out?.['ips'] as Json[])[0]!['address'], '10.244.1.3/24');
  const ports = (await kernel.host('node').listLinks()).filter((l) => l.master === 'cni0');
  assert.equal(ports.length, 2);
});

test('results follow the config version: 1.0.0 without mtu, 0.4.0 with ips[].version', async () => {
  const { run } = await setup();
  const v10 = await run('ADD', {}, withField('cniVersion', '1.0.0'));
  assert.equal((v10.out?.['interfaces'] as Json[])[0]!['mtu'], undefined);
  const v04 = await run(
    'ADD',
    { CNI_CONTAINERID: 'x2', CNI_NETNS: '/run/netns/pod-b' },
    withField('cniVersion', '0.4.0'),
  );
  assert.equal((v04.out?.['ips'] as Json[])[0]!['version'], '4');
});

test('DEL removes both veth ends and the address; a second DEL succeeds too', async () => {
  const { run, node, pod, store, delegated } = await setup();
  await run('ADD');
  for (let i = 0; i < 2; i++) {
    const del = await run('DEL');
    assert.deepEqual([del.exitCode, del.out], [0, undefined]);
  }
  assert.equal(await node.getLink(VETH), undefined);
  assert.equal(await pod.getLink('eth0'), undefined);
  assert.equal(store.entries.size, 0);
  assert.deepEqual(delegated, ['flatnet-ipam ADD', 'flatnet-ipam DEL', 'flatnet-ipam DEL']);
});

test('DEL without CNI_NETNS, or with a namespace that is gone, still frees the host veth and the address', async () => {
  for (const netns of [undefined, '/run/netns/gone']) {
    const { run, node, store } = await setup();
    await run('ADD');
    const del = await run('DEL', { CNI_NETNS: netns });
    assert.equal(del.exitCode, 0);
    assert.equal(await node.getLink(VETH), undefined);
    assert.equal(store.entries.size, 0);
  }
});

test('ADD into a namespace that does not exist: code 3, nothing allocated, nothing created', async () => {
  const { run, node, store, delegated } = await setup();
  const add = await run('ADD', { CNI_NETNS: '/run/netns/nope' });
  assert.deepEqual([add.exitCode, add.out?.['code']], [1, CNI_CODE.UNKNOWN_CONTAINER]);
  assert.match(String(add.out?.['msg']), /failed to open netns/);
  assert.deepEqual([store.entries.size, delegated, await node.getLink('cni0')], [0, [], undefined]);
});

test('a relative or non-namespace CNI_NETNS is code 4 (invalid environment)', async () => {
  const { run, store } = await setup();
  const relative = await run('ADD', { CNI_NETNS: 'run/netns/pod-a' });
  assert.deepEqual([relative.exitCode, relative.out?.['code']], [1, CNI_CODE.INVALID_ENV]);
  assert.equal(store.entries.size, 0);
});

test('a failure after IPAM (unreachable route gateway) deletes the veth and releases the address', async () => {
  const { run, node, pod, store, delegated } = await setup();
  const add = await run('ADD', {}, withIpam({ routes: [{ dst: '10.96.0.0/12', gw: '192.168.99.1' }] }));
  assert.equal(add.exitCode, 1);
  assert.equal(add.out?.['code'], CNI_CODE.INTERNAL);
  assert.equal(await node.getLink(VETH), undefined);
  assert.equal(await pod.getLink('eth0'), undefined);
  assert.equal(store.entries.size, 0);
  assert.deepEqual(delegated, ['flatnet-ipam ADD', 'flatnet-ipam DEL']);
});

test('an exhausted range comes back with IPAM code 11 and leaves no interface', async () => {
  const { run, node } = await setup();
  const tiny = withIpam({ subnet: '10.244.1.0/30' });
  assert.equal((await run('ADD', {}, tiny)).exitCode, 0);
  const full = await run('ADD', { CNI_CONTAINERID: 'c2', CNI_NETNS: '/run/netns/pod-b' }, tiny);
  assert.deepEqual([full.exitCode, full.out?.['code']], [1, CNI_CODE.TRY_AGAIN_LATER]);
  assert.equal(await node.getLink(hostVethName('c2', 'eth0')), undefined);
});

test('an interface that already exists in the pod fails ADD without touching it, and the address is released', async () => {
  const { run, node, pod, store } = await setup();
  await pod.apply([{ op: 'link.add', link: { kind: 'dummy', name: 'eth0' } }]);
  const add = await run('ADD');
  assert.equal(add.exitCode, 1);
  assert.equal((await pod.getLink('eth0'))?.kind, 'dummy');
  assert.equal(await node.getLink(VETH), undefined);
  assert.equal(store.entries.size, 0);
});

test('ADD twice for one attachment fails at IPAM and keeps the first attachment and its address', async () => {
  const { run, node, store } = await setup();
  await run('ADD');
  const again = await run('ADD');
  assert.equal(again.exitCode, 1);
  assert.match(String(again.out?.['msg']), /duplicate allocation is not allowed/);
  assert.ok(await node.getLink(VETH));
  assert.equal(store.entries.size, 1);
});

test('a host veth left from before, unknown to IPAM: error, the new address released, the veth untouched', async () => {
  const { run, node, store, delegated } = await setup();
  await node.apply([{ op: 'link.add', link: { kind: 'veth', name: VETH, peer: { name: 'stale0' } } }]);
  const add = await run('ADD');
  assert.equal(add.exitCode, 1);
  assert.match(String(add.out?.['msg']), /already exists/);
  assert.deepEqual([store.entries.size, delegated], [0, ['flatnet-ipam ADD', 'flatnet-ipam DEL']]);
  assert.ok(await node.getLink(VETH));
});

test('a link named like the bridge that is no bridge: error, address released', async () => {
  const { run, node, store } = await setup();
  await node.apply([{ op: 'link.add', link: { kind: 'dummy', name: 'cni0' } }]);
  const add = await run('ADD');
  assert.equal(add.exitCode, 1);
  assert.match(String(add.out?.['msg']), /not a bridge/);
  assert.equal(store.entries.size, 0);
});

test('CHECK passes after ADD and fails once the pod lost its default route', async () => {
  const { run, pod } = await setup();
  const add = await run('ADD');
  const prev = withField('prevResult', add.out);
  assert.equal((await run('CHECK', {}, prev)).exitCode, 0);
  await pod.apply([{ op: 'route.delete', route: { dst: 'default', via: '10.244.1.1', dev: 'eth0' } }]);
  const check = await run('CHECK', {}, prev);
  assert.equal(check.exitCode, 1);
  assert.match(String(check.out?.['msg']), /route 0\.0\.0\.0\/0 via 10\.244\.1\.1 not found/);
  assert.equal((await run('CHECK')).out?.['code'], CNI_CODE.INVALID_CONFIG);
});

test('GC and STATUS are forwarded to IPAM (SPEC.md GC/STATUS and delegation)', async () => {
  const { run, store, delegated } = await setup();
  await run('ADD');
  const gc = await run('GC', {}, withField('cni.dev/valid-attachments', []));
  assert.equal(gc.exitCode, 0);
  assert.equal(store.entries.size, 0);
  const status = await run('STATUS', {}, withIpam({ subnet: '10.244.1.0/30' }));
  assert.equal(status.exitCode, 0);
  assert.deepEqual(delegated.slice(1), ['flatnet-ipam GC', 'flatnet-ipam STATUS']);
});

test('ipMasq writes the flatnet_cni table in the node namespace', async () => {
  const { run, node } = await setup();
  assert.equal((await run('ADD', {}, withField('ipMasq', true))).exitCode, 0);
  const tables = (await node.nftList()).nftables.filter((e) => 'table' in e);
  assert.deepEqual(
    tables.map((t) => (t['table'] as Json)['name']),
    ['flatnet_cni'],
  );
  assert.equal((await run('DEL', {}, withField('ipMasq', true))).exitCode, 0);
});
