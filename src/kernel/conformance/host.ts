import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { KernelOp } from '../types.js';
import { inLab, names, rejectsInvalid, rejectsWith, type KernelSetup } from './harness.js';

/** Batches, input validation, sysctl, nftables and exec. */
export function hostCases(setup: KernelSetup): void {
  const bridge = (name: string): KernelOp => ({ op: 'link.add', link: { kind: 'bridge', name } });

  it(
    'validates the whole batch before running any of it',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      const hostile = ['eth 0', '-eth0', 'a/b', '..', 'x'.repeat(16), '', 'eth0;rm'];
      for (const name of hostile) {
        await rejectsInvalid(host.apply([bridge('br0'), bridge(name)]), JSON.stringify(name));
      }
      const bad: [string, KernelOp][] = [
        ['netns name', { op: 'link.set', name: 'br0', change: { netns: '../etc' } }],
        ['multicast MAC', { op: 'link.set', name: 'br0', change: { mac: '01:00:5e:00:00:01' } }],
        ['zero MAC', { op: 'link.add', link: { kind: 'bridge', name: 'br0', mac: '00:00:00:00:00:00' } }],
        [
          'upper-case MAC',
          { op: 'neigh.replace', neigh: { ip: '10.0.0.1', mac: 'AA:BB:CC:DD:EE:FF', dev: 'lo' } },
        ],
        ['MTU', { op: 'link.set', name: 'br0', change: { mtu: 67 } }],
        ['address', { op: 'addr.add', address: { dev: 'lo', cidr: '10.0.0.300/24' } }],
        ['route destination', { op: 'route.add', route: { dst: '10.0.0.0/33', dev: 'lo' } }],
        ['gateway', { op: 'route.add', route: { dst: '10.0.0.0/8', via: 'gw' } }],
        [
          'VNI',
          { op: 'link.add', link: { kind: 'vxlan', name: 'vx0', vni: -1, port: 8472, learning: false } },
        ],
      ];
      for (const [what, op] of bad) await rejectsInvalid(host.apply([bridge('br0'), op]), what);
      assert.deepEqual(await names(host), ['lo']);
    }),
  );

  it(
    'stops a batch at the first failing step, keeping the steps before it',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      await rejectsWith(host.apply([bridge('br0'), bridge('br1'), bridge('br0'), bridge('br2')]), 'EEXIST');
      assert.deepEqual(await names(host), ['br0', 'br1', 'lo']);
      // The same across tools: an `ip` run, then a `bridge` run.
      await rejectsWith(
        host.apply([
          bridge('br3'),
          { op: 'fdb.delete', fdb: { mac: '02:00:00:00:00:01', dev: 'br3' } },
          bridge('br4'),
        ]),
        'ENOTFOUND',
      );
      assert.deepEqual(await names(host), ['br0', 'br1', 'br3', 'lo']);
    }),
  );

  it(
    'reads and writes sysctls of the namespace',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      assert.equal(await host.getSysctl('net.ipv4.ip_forward'), '0');
      await host.setSysctl('net.ipv4.ip_forward', '1');
      assert.equal(await host.getSysctl('net.ipv4.ip_forward'), '1');
      // ip_forward is conf.all.forwarding, which also flips every device.
      assert.equal(await host.getSysctl('net.ipv4.conf.all.forwarding'), '1');
      assert.equal(await host.getSysctl('net.ipv4.conf.lo.forwarding'), '1');
      // A new device copies conf.default.
      await host.setSysctl('net.ipv4.conf.default.rp_filter', '2');
      await host.apply([bridge('br0')]);
      assert.equal(await host.getSysctl('net.ipv4.conf.br0.rp_filter'), '2');
      // ... and every device follows default for the keys not written on it (forwarding excepted).
      await host.setSysctl('net.ipv4.conf.lo.proxy_arp', '1');
      await host.setSysctl('net.ipv4.conf.default.proxy_arp', '0');
      await host.setSysctl('net.ipv4.conf.default.forwarding', '0');
      assert.deepEqual(
        await Promise.all(
          ['lo.rp_filter', 'lo.proxy_arp', 'br0.proxy_arp', 'br0.forwarding'].map((k) =>
            host.getSysctl(`net.ipv4.conf.${k}`),
          ),
        ),
        ['2', '1', '0', '1'],
      );
      await host.apply([{ op: 'link.delete', name: 'br0' }]);
      await rejectsWith(host.getSysctl('net.ipv4.conf.br0.rp_filter'), 'ENOTFOUND');
      await rejectsWith(host.getSysctl('net.ipv4.no_such_key'), 'ENOTFOUND');
      // sysctl(8) reads dots as slashes, so a device named flannel.1 has no dotted key.
      await host.apply([
        { op: 'link.add', link: { kind: 'vxlan', name: 'flannel.1', vni: 1, port: 8472, learning: false } },
      ]);
      await rejectsWith(host.getSysctl('net.ipv4.conf.flannel.1.forwarding'), 'ENOTFOUND');
      await rejectsWith(host.setSysctl('net.ipv4.no_such_key', '1'), 'ENOTFOUND');
      await rejectsWith(host.setSysctl('net.ipv4.ip_forward', 'yes'), 'EINVAL');
      // Read-only outside the initial namespace; sysctl(8) exits 0 there, the kernel layer must not.
      await rejectsWith(host.setSysctl('net.netfilter.nf_conntrack_max', '1000'), 'EINVAL');
      await rejectsInvalid(host.getSysctl('net/ipv4/ip_forward'));
      await rejectsInvalid(host.setSysctl('net.ipv4.ip_forward', '1\n'));
    }),
  );

  it(
    'applies nft scripts as one transaction and lists the tables',
    inLab(setup, async ({ netns }) => {
      const { host } = await netns('a');
      const tables = async () =>
        (await host.nftList()).nftables.flatMap((o) => {
          const t = o['table'] as { family: string; name: string } | undefined;
          return t ? [`${t.family} ${t.name}`] : [];
        });
      assert.deepEqual(await tables(), []);
      assert.ok('metainfo' in (await host.nftList()).nftables[0]!);
      await host.nftApply(
        'table inet flatnet {\n  chain input {\n    type filter hook input priority 0; policy accept;\n  }\n}\n',
      );
      await host.nftApply('add table ip nat\n');
      assert.deepEqual(await tables(), ['inet flatnet', 'ip nat']);
      // A failing statement undoes the statements before it.
      await rejectsWith(host.nftApply('add table ip other\ndelete table inet nothere\n'), 'ENOTFOUND');
      await rejectsWith(host.nftApply('create table ip nat\n'), 'EEXIST');
      await rejectsWith(host.nftApply('add chain inet nothere c\n'), 'ENOTFOUND');
      await rejectsWith(host.nftApply('table inet flatnet {\n'), 'EINVAL');
      assert.deepEqual(await tables(), ['inet flatnet', 'ip nat']);
      await host.nftApply('flush ruleset\nadd table inet flatnet\ndelete table inet flatnet\n');
      assert.deepEqual(await tables(), []);
    }),
  );

  it(
    'runs programs inside the namespace',
    inLab(setup, async ({ kernel, netns, name }) => {
      const { host } = await netns('a');
      const result = await host.exec(['true']);
      assert.equal(typeof result.stdout, 'string');
      await rejectsWith(kernel.host(name('zz')).exec(['true']), 'ENOTFOUND');
      await rejectsWith(kernel.host(name('zz')).apply([bridge('br0')]), 'ENOTFOUND');
      assert.throws(() => kernel.host('../x'), /invalid network namespace name/);
    }),
  );
}
