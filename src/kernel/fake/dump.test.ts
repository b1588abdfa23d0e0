import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeKernel } from './fake-kernel.js';

/** A node on an underlay switch with a VXLAN route to a peer and one pod on cni0. */
async function node(): Promise<FakeKernel> {
  const kernel = new FakeKernel();
  for (const name of ['underlay', 'node-1', 'pod-a']) await kernel.createNetns(name);
  await kernel.host('underlay').apply([
    { op: 'link.add', link: { kind: 'bridge', name: 'br0' } },
    { op: 'link.add', link: { kind: 'veth', name: 'n1', peer: { name: 'eth0', netns: 'node-1' } } },
    { op: 'link.set', name: 'n1', change: { master: 'br0', up: true } },
  ]);
  const host = kernel.host('node-1');
  await host.apply([
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
    { op: 'addr.add', address: { dev: 'flannel.1', cidr: '10.244.1.0/32' } },
    { op: 'link.set', name: 'flannel.1', change: { up: true } },
    { op: 'neigh.replace', neigh: { ip: '10.244.2.0', mac: '0a:58:0a:f4:02:00', dev: 'flannel.1' } },
    { op: 'fdb.append', fdb: { mac: '0a:58:0a:f4:02:00', dev: 'flannel.1', dst: '172.30.0.12' } },
    {
      op: 'route.replace',
      route: { dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true },
    },
    { op: 'link.add', link: { kind: 'bridge', name: 'cni0' } },
    { op: 'addr.add', address: { dev: 'cni0', cidr: '10.244.1.1/24' } },
    { op: 'link.set', name: 'cni0', change: { up: true } },
    {
      op: 'link.add',
      link: { kind: 'veth', name: 'veth1', peer: { name: 'eth0', netns: 'pod-a' }, mtu: 1450 },
    },
    { op: 'link.set', name: 'veth1', change: { master: 'cni0', up: true, hairpin: true } },
  ]);
  await host.setSysctl('net.ipv4.ip_forward', '1');
  await host.nftApply('table inet flatnet {}\n');
  return kernel;
}

test('dumps every namespace canonically: sorted, no indexes, kernel noise left out', async () => {
  const kernel = await node();
  const mac = Object.fromEntries(
    (await kernel.host('node-1').listLinks()).map((l) => [l.name, l.mac]),
  ) as Record<string, string>;
  const pod = (await kernel.host('pod-a').getLink('eth0'))!.mac;
  const n1 = (await kernel.host('underlay').getLink('n1'))!.mac;
  assert.equal(
    kernel.dump(),
    `netns node-1
  link cni0 bridge mtu 1450 up mac ${mac['veth1']}
  link eth0 veth mtu 1500 up mac ${mac['eth0']} peer underlay/n1
  link flannel.1 vxlan mtu 1450 up mac ${mac['flannel.1']} vni 1 port 8472 local 172.30.0.11 dev eth0 nolearning
  link lo loopback mtu 65536 down mac 00:00:00:00:00:00
  link veth1 veth mtu 1450 up mac ${mac['veth1']} master cni0 hairpin peer pod-a/eth0
  addr cni0 10.244.1.1/24
  addr eth0 172.30.0.11/24
  addr flannel.1 10.244.1.0/32
  route main 10.244.1.0/24 dev cni0 src 10.244.1.1 scope link proto kernel
  route main 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink proto boot
  route main 172.30.0.0/24 dev eth0 src 172.30.0.11 scope link proto kernel
  neigh flannel.1 10.244.2.0 lladdr 0a:58:0a:f4:02:00 permanent
  fdb flannel.1 0a:58:0a:f4:02:00 dst 172.30.0.12
  sysctl net.ipv4.conf.default.forwarding=1
  sysctl net.ipv4.ip_forward=1
  nft table inet flatnet
netns pod-a
  link eth0 veth mtu 1500 down mac ${pod} peer node-1/veth1
  link lo loopback mtu 65536 down mac 00:00:00:00:00:00
netns underlay
  link br0 bridge mtu 1500 down mac ${n1}
  link lo loopback mtu 65536 down mac 00:00:00:00:00:00
  link n1 veth mtu 1500 up mac ${n1} master br0 peer node-1/eth0
`,
  );
});

test('the dump does not depend on the order things were created in', async () => {
  const a = new FakeKernel();
  const b = new FakeKernel();
  for (const name of ['x', 'y']) await a.createNetns(name);
  for (const name of ['y', 'x']) await b.createNetns(name);
  const links = (names: string[]) =>
    names.map((name) => ({ op: 'link.add' as const, link: { kind: 'bridge' as const, name } }));
  await a.host('x').apply(links(['br0', 'br1']));
  await b.host('x').apply(links(['br1', 'br0']));
  assert.equal(a.dump(), b.dump());
});

test('shows the host namespace only once something changed in it', async () => {
  const kernel = new FakeKernel();
  assert.equal(kernel.dump(), '');
  await kernel.host(null).setSysctl('net.ipv4.conf.default.rp_filter', '2');
  assert.match(kernel.dump(), /^netns \(host\)\n(.*\n)* {2}sysctl net\.ipv4\.conf\.default\.rp_filter=2\n/);
  assert.doesNotMatch(kernel.dump(), /conf\.lo\.rp_filter/);
});
