import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { installPlugins } from '../../src/cni/install.js';
import { hostVethName } from '../../src/cni/bridge/names.js';
import { RealKernel, signalProcess, spawnInNetns } from '../../src/kernel/index.js';
import { ping, startTcpServer, tcpRequest } from './support/lab-fixture.js';

/**
 * The plugins as a runtime runs them (root): executables from a CNI bin dir, env + stdin in, JSON
 * out, inside a "node" namespace created per test, with pods in their own namespaces. Every
 * namespace carries a prefix unique to this run and is deleted after its test, pass or fail; the
 * root namespace is never written to. Debian's reference bridge + host-local run beside ours.
 */
type Json = Record<string, unknown>;
const kernel = new RealKernel();
const prefix = `fncni_${randomBytes(3).toString('hex')}_`;
const REFERENCE_DIR = '/usr/lib/cni';
let tmp = '';
let binDir = '';
let seq = 0;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'flatnet-cni-e2e-'));
  binDir = join(tmp, 'bin');
  await installPlugins(binDir);
});
after(async () => {
  for (const name of await kernel.listNetns()) {
    if (!name.startsWith(prefix)) continue;
    for (const pid of await kernel.netnsPids(name)) signalProcess(pid, 'SIGKILL');
    await kernel.deleteNetns(name);
  }
  await rm(tmp, { recursive: true, force: true });
});

/** A node namespace with `pods` pod namespaces (lo up, as the loopback plugin would leave it). */
interface Site {
  readonly node: string;
  readonly pods: string[];
  readonly dataDir: string;
}

async function withSite(pods: number, body: (site: Site) => Promise<void>): Promise<void> {
  const id = seq++;
  const site: Site = { node: `${prefix}${id}n`, pods: [], dataDir: join(tmp, `ipam-${id}`) };
  try {
    await kernel.createNetns(site.node);
    for (let i = 0; i < pods; i++) {
      site.pods.push(`${prefix}${id}p${i}`);
      await kernel.createNetns(site.pods[i]!);
      await kernel.host(site.pods[i]!).apply([{ op: 'link.set', name: 'lo', change: { up: true } }]);
    }
    await body(site);
  } finally {
    for (const ns of [...site.pods, site.node]) {
      for (const pid of await kernel.netnsPids(ns).catch(() => [])) signalProcess(pid, 'SIGKILL');
      await kernel.deleteNetns(ns).catch(() => undefined);
    }
  }
}

function conf(site: Site, fields: Json = {}, ipam: Json = {}): Json {
  return {
    cniVersion: '1.1.0',
    name: 'podnet',
    type: 'flatnet-bridge',
    bridge: 'cni0',
    isGateway: true,
    isDefaultGateway: true,
    hairpinMode: true,
    mtu: 1450,
    ...fields,
    ipam: { type: 'flatnet-ipam', subnet: '10.244.1.0/24', dataDir: site.dataDir, ...ipam },
  };
}

interface Run {
  readonly code: number | null;
  readonly out: Json | undefined;
  readonly stderr: string;
  readonly ms: number;
}

/** One plugin execution in the node namespace: a bare environment (PATH + CNI_*), config on stdin. */
async function cni(
  site: Site,
  plugin: string,
  env: Record<string, string>,
  stdin: Json | string,
): Promise<Run> {
  const file = plugin.startsWith('/') ? plugin : join(binDir, plugin);
  const started = performance.now();
  const child = spawnInNetns(site.node, [file], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'], CNI_PATH: `${binDir}:${REFERENCE_DIR}`, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.end(typeof stdin === 'string' ? stdin : JSON.stringify(stdin));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const out = stdout.trim() === '' ? undefined : (JSON.parse(stdout) as Json);
  return { code, out, stderr, ms: performance.now() - started };
}

const attach = (site: Site, pod: number, command: string, cid = `cid${pod}`): Record<string, string> => ({
  CNI_COMMAND: command,
  CNI_CONTAINERID: cid,
  CNI_NETNS: `/run/netns/${site.pods[pod]}`,
  CNI_IFNAME: 'eth0',
});

async function reserved(site: Site, network = 'podnet'): Promise<string[]> {
  const files = await readdir(join(site.dataDir, network)).catch(() => [] as string[]);
  return files.filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)).sort();
}

const vethsOn = async (ns: string) => (await kernel.host(ns).listLinks()).filter((l) => l.kind === 'veth');
const linkNames = async (ns: string) => (await kernel.host(ns).listLinks()).map((l) => l.name);
const ipOf = (run: Run): string => String((run.out?.['ips'] as Json[])[0]!['address']).split('/')[0]!;

test('the CNI e2e suite runs as root', () => {
  assert.equal(process.getuid?.(), 0, 'test/e2e needs root (network namespaces)');
});

describe('flatnet-bridge + flatnet-ipam on the real kernel', () => {
  test('ADD wires two pods onto cni0: addresses, routes, hairpin, ping, TCP, CHECK', () =>
    withSite(2, async (site) => {
      const config = conf(site, {}, { routes: [{ dst: '10.96.0.0/12' }] });
      const a = await cni(site, 'flatnet-bridge', attach(site, 0, 'ADD'), config);
      const b = await cni(site, 'flatnet-bridge', attach(site, 1, 'ADD'), config);
      assert.equal(a.code, 0, a.stderr + JSON.stringify(a.out));
      assert.equal(b.code, 0, b.stderr + JSON.stringify(b.out));
      assert.deepEqual([ipOf(a), ipOf(b)], ['10.244.1.2', '10.244.1.3']);
      const node = kernel.host(site.node);
      const veth = await node.getLink(hostVethName('cid0', 'eth0'));
      assert.deepEqual([veth?.master, veth?.hairpin, veth?.up, veth?.mtu], ['cni0', true, true, 1450]);
      assert.deepEqual(await node.listAddresses('cni0'), [{ dev: 'cni0', cidr: '10.244.1.1/24' }]);
      assert.equal(await node.getSysctl('net.ipv4.ip_forward'), '1');
      const pod = kernel.host(site.pods[0]!);
      assert.deepEqual(await pod.listAddresses('eth0'), [{ dev: 'eth0', cidr: '10.244.1.2/24' }]);
      const routes = (await pod.listRoutes()).map((r) => `${r.dst} ${r.via ?? r.protocol}`).sort();
      assert.deepEqual(routes, ['10.244.1.0/24 kernel', '10.96.0.0/12 10.244.1.1', 'default 10.244.1.1']);
      assert.ok(await ping(site.pods[0]!, '10.244.1.3'), 'pod a -> pod b');
      assert.ok(await ping(site.pods[1]!, '10.244.1.1'), 'pod b -> gateway on cni0');
      const server = await startTcpServer(site.pods[1]!, '10.244.1.3', 8080, 'hello');
      try {
        assert.equal(await tcpRequest(site.pods[0]!, '10.244.1.3', 8080), 'hello 10.244.1.2');
      } finally {
        server.stop();
      }
      const check = await cni(site, 'flatnet-bridge', attach(site, 0, 'CHECK'), {
        ...config,
        prevResult: a.out,
      });
      assert.equal(check.code, 0, JSON.stringify(check.out));
    }));

  test('DEL twice succeeds and leaves no veth, no pod interface, no reservation', () =>
    withSite(1, async (site) => {
      const config = conf(site);
      assert.equal((await cni(site, 'flatnet-bridge', attach(site, 0, 'ADD'), config)).code, 0);
      for (let i = 0; i < 2; i++) {
        const del = await cni(site, 'flatnet-bridge', attach(site, 0, 'DEL'), config);
        assert.deepEqual([del.code, del.out], [0, undefined], del.stderr);
      }
      assert.deepEqual(await vethsOn(site.node), []);
      assert.deepEqual(await linkNames(site.pods[0]!), ['lo']);
      assert.deepEqual(await reserved(site), []);
    }));

  test('a namespace given as /proc/<pid>/ns/net is entered by path', () =>
    withSite(1, async (site) => {
      const holder = spawnInNetns(site.pods[0]!, ['sleep', '60']);
      const env = { ...attach(site, 0, 'ADD'), CNI_NETNS: `/proc/${holder.pid}/ns/net` };
      const add = await cni(site, 'flatnet-bridge', env, conf(site));
      assert.equal(add.code, 0, add.stderr + JSON.stringify(add.out));
      assert.deepEqual(await kernel.host(site.pods[0]!).listAddresses('eth0'), [
        { dev: 'eth0', cidr: '10.244.1.2/24' },
      ]);
      const del = await cni(site, 'flatnet-bridge', { ...env, CNI_COMMAND: 'DEL' }, conf(site));
      assert.equal(del.code, 0, del.stderr);
      assert.deepEqual(await linkNames(site.pods[0]!), ['lo']);
      holder.kill('SIGKILL');
    }));

  test('an ADD that fails after IPAM leaves no veth and no reserved address', () =>
    withSite(1, async (site) => {
      const broken = conf(site, {}, { routes: [{ dst: '10.96.0.0/12', gw: '192.168.99.1' }] });
      const add = await cni(site, 'flatnet-bridge', attach(site, 0, 'ADD'), broken);
      assert.notEqual(add.code, 0);
      assert.equal(add.out?.['code'], 999);
      assert.deepEqual(await vethsOn(site.node), []);
      assert.deepEqual(await linkNames(site.pods[0]!), ['lo']);
      assert.deepEqual(await reserved(site), []);
    }));

  test('GC releases a leaked address; STATUS turns 50 when the range is exhausted', () =>
    withSite(2, async (site) => {
      const tiny = conf(site, {}, { subnet: '10.244.1.0/29' }); // .2-.6
      for (const pod of [0, 1])
        assert.equal((await cni(site, 'flatnet-bridge', attach(site, pod, 'ADD'), tiny)).code, 0);
      // Pod 1's namespace disappears without a DEL: its address leaks.
      await kernel.deleteNetns(site.pods.pop()!);
      const valid = [{ containerID: 'cid0', ifname: 'eth0' }];
      const gc = await cni(
        site,
        'flatnet-bridge',
        { CNI_COMMAND: 'GC' },
        { ...tiny, 'cni.dev/valid-attachments': valid },
      );
      assert.deepEqual([gc.code, gc.out], [0, undefined], gc.stderr);
      assert.deepEqual(await reserved(site), ['10.244.1.2']);
      assert.equal((await cni(site, 'flatnet-bridge', { CNI_COMMAND: 'STATUS' }, tiny)).code, 0);
      for (const cid of ['x1', 'x2', 'x3', 'x4']) {
        const add = await cni(
          site,
          'flatnet-ipam',
          { ...attach(site, 0, 'ADD', cid), CNI_IFNAME: 'net1' },
          tiny,
        );
        assert.equal(add.code, 0, JSON.stringify(add.out));
      }
      const status = await cni(site, 'flatnet-bridge', { CNI_COMMAND: 'STATUS' }, tiny);
      assert.deepEqual([status.code, status.out?.['code']], [1, 50]);
    }));

  test('ipMasq masquerades pod traffic leaving the pod subnet, and DEL removes the pod from the map', () =>
    withSite(2, async (site) => {
      // Pod namespace 1 plays an outside host on 192.0.2.0/24 behind the node, with no route back to pods.
      const outside = site.pods[1]!;
      await kernel.host(site.node).apply([
        { op: 'link.add', link: { kind: 'veth', name: 'uplink', peer: { name: 'eth0', netns: outside } } },
        { op: 'addr.add', address: { dev: 'uplink', cidr: '192.0.2.1/24' } },
        { op: 'link.set', name: 'uplink', change: { up: true } },
      ]);
      await kernel.host(outside).apply([
        { op: 'addr.add', address: { dev: 'eth0', cidr: '192.0.2.2/24' } },
        { op: 'link.set', name: 'eth0', change: { up: true } },
      ]);
      const config = conf(site, { ipMasq: true });
      assert.equal((await cni(site, 'flatnet-bridge', attach(site, 0, 'ADD'), config)).code, 0);
      assert.ok(
        await ping(site.pods[0]!, '192.0.2.2'),
        'the reply comes back only if the source was masqueraded',
      );
      const ruleset = (await kernel.host(site.node).exec(['nft', 'list', 'table', 'ip', 'flatnet_cni']))
        .stdout;
      assert.match(ruleset, /10\.244\.1\.2 : jump masq_/);
      assert.equal((await cni(site, 'flatnet-bridge', attach(site, 0, 'DEL'), config)).code, 0);
      const after = (await kernel.host(site.node).exec(['nft', 'list', 'table', 'ip', 'flatnet_cni'])).stdout;
      assert.doesNotMatch(after, /10\.244\.1\.2/);
    }));
});

// Each bad input: the spec's error JSON with the code, a non-zero exit, nothing left behind.
const BAD_INPUT: [what: string, code: number, make: (site: Site) => { env?: Json; stdin: Json | string }][] =
  [
    ['malformed JSON on stdin', 6, () => ({ stdin: '{"cniVersion": "1.1.0", "name": ' })],
    ['a bad CIDR', 7, (s) => ({ stdin: conf(s, {}, { subnet: '10.244.1.0/33' }) })],
    ['a range outside its subnet', 7, (s) => ({ stdin: conf(s, {}, { rangeStart: '10.9.9.9' }) })],
    ['an unknown IPAM type', 7, (s) => ({ stdin: { ...conf(s), ipam: { type: 'no-such-ipam' } } })],
    ['a missing network name', 7, (s) => ({ stdin: { ...conf(s), name: undefined } })],
    ['a missing ipam section', 7, (s) => ({ stdin: { ...conf(s), ipam: undefined } })],
    ['an unsupported cniVersion', 1, (s) => ({ stdin: conf(s, { cniVersion: '0.2.0' }) })],
    ['a missing CNI_CONTAINERID', 4, (s) => ({ env: { CNI_CONTAINERID: '' }, stdin: conf(s) })],
    ['a missing CNI_IFNAME', 4, (s) => ({ env: { CNI_IFNAME: '' }, stdin: conf(s) })],
    [
      'a netns path that does not exist',
      3,
      (s) => ({ env: { CNI_NETNS: `/run/netns/${prefix}gone` }, stdin: conf(s) }),
    ],
    [
      'a netns path that is no namespace',
      4,
      (s) => ({ env: { CNI_NETNS: '/etc/hostname' }, stdin: conf(s) }),
    ],
  ];

describe('bad input: error JSON, non-zero exit, no leftover interface or reservation', () => {
  for (const [what, code, make] of BAD_INPUT) {
    test(`${what}: code ${code}`, () =>
      withSite(1, async (site) => {
        const { env = {}, stdin } = make(site);
        const run = await cni(
          site,
          'flatnet-bridge',
          { ...attach(site, 0, 'ADD'), ...(env as Record<string, string>) },
          stdin,
        );
        assert.notEqual(run.code, 0);
        assert.equal(run.out?.['code'], code, JSON.stringify(run.out));
        assert.equal(typeof run.out?.['msg'], 'string');
        assert.deepEqual(await vethsOn(site.node), []);
        assert.deepEqual(await linkNames(site.pods[0]!), ['lo']);
        assert.deepEqual(await reserved(site), []);
      }));
  }

  test('an exhausted range: code 11, and only the earlier reservation remains', () =>
    withSite(2, async (site) => {
      const tiny = conf(site, {}, { subnet: '10.244.1.0/30' }); // one usable address
      assert.equal((await cni(site, 'flatnet-bridge', attach(site, 0, 'ADD'), tiny)).code, 0);
      const run = await cni(site, 'flatnet-bridge', attach(site, 1, 'ADD'), tiny);
      assert.deepEqual([run.code, run.out?.['code']], [1, 11]);
      assert.equal((await vethsOn(site.node)).length, 1);
      assert.deepEqual(await linkNames(site.pods[1]!), ['lo']);
      assert.deepEqual(await reserved(site), ['10.244.1.2']);
    }));
});

/** The result with MACs, veth names and versions replaced, so two plugins' shapes compare equal. */
function shape(result: Json | undefined): unknown {
  return JSON.parse(
    JSON.stringify(result)
      .replace(/"([0-9a-f]{2}:){5}[0-9a-f]{2}"/g, '"<mac>"')
      .replace(/"veth[0-9a-f]{8}"/g, '"<veth>"'),
  );
}

describe("side by side with Debian's reference bridge + host-local (cniVersion 1.0.0)", () => {
  const pair = {
    ours: { bridge: 'flatnet-bridge', ipam: 'flatnet-ipam' },
    reference: { bridge: `${REFERENCE_DIR}/bridge`, ipam: 'host-local' },
  };

  test('the same config shape gives the same result shape and the same on-disk IPAM format', async () => {
    const results: Record<string, Json | undefined> = {};
    const files: Record<string, string> = {};
    for (const [who, p] of Object.entries(pair)) {
      await withSite(1, async (site) => {
        const config = conf(site, { cniVersion: '1.0.0', type: p.bridge }, { type: p.ipam });
        const add = await cni(site, p.bridge, attach(site, 0, 'ADD'), config);
        assert.equal(add.code, 0, `${who}: ${add.stderr} ${JSON.stringify(add.out)}`);
        results[who] = {
          ...add.out,
          interfaces: (add.out?.['interfaces'] as Json[]).map((i) => ({
            ...i,
            sandbox: i['sandbox'] && '<netns>',
          })),
        };
        files[who] = JSON.stringify([
          await reserved(site),
          await readFile(join(site.dataDir, 'podnet', '10.244.1.2'), 'utf8'),
        ]);
        assert.equal((await cni(site, p.bridge, attach(site, 0, 'DEL'), config)).code, 0);
      });
    }
    assert.deepEqual(shape(results['ours']), shape(results['reference']));
    assert.equal(files['ours'], files['reference']);
  });

  test('flatnet-ipam continues a store host-local wrote, and its GC releases host-local leaks', () =>
    withSite(1, async (site) => {
      const hostLocal = conf(site, { cniVersion: '1.0.0' }, { type: 'host-local' });
      const env = (cid: string, command = 'ADD') => ({
        ...attach(site, 0, command, cid),
        CNI_IFNAME: 'net1',
      });
      assert.equal((await cni(site, `${REFERENCE_DIR}/host-local`, env('old'), hostLocal)).code, 0);
      const ours = await cni(site, 'flatnet-ipam', env('new'), conf(site));
      assert.equal(ipOf(ours), '10.244.1.3', "round-robin continues from host-local's last_reserved_ip.0");
      const valid = [{ containerID: 'new', ifname: 'net1' }];
      const gc = { ...conf(site), 'cni.dev/valid-attachments': valid };
      assert.equal((await cni(site, 'flatnet-ipam', { CNI_COMMAND: 'GC' }, gc)).code, 0);
      assert.deepEqual(await reserved(site), ['10.244.1.3']);
    }));

  test('ADD/DEL latency, 20 rounds each (reported, not asserted)', async (t) => {
    for (const [who, p] of Object.entries(pair)) {
      await withSite(1, async (site) => {
        const config = conf(site, { cniVersion: '1.0.0', type: p.bridge }, { type: p.ipam });
        const adds: number[] = [];
        const dels: number[] = [];
        for (let i = 0; i < 20; i++) {
          const add = await cni(site, p.bridge, attach(site, 0, 'ADD'), config);
          assert.equal(add.code, 0, add.stderr);
          adds.push(add.ms);
          dels.push((await cni(site, p.bridge, attach(site, 0, 'DEL'), config)).ms);
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
        const max = (xs: number[]) => Math.max(...xs).toFixed(0);
        t.diagnostic(
          `${who}: ADD median ${median(adds)} ms (max ${max(adds)}), DEL median ${median(dels)} ms (max ${max(dels)})`,
        );
      });
    }
  });
});
