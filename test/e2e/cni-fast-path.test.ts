import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hostVethName } from '../../src/cni/bridge/names.js';
import { installPlugins } from '../../src/cni/install.js';
import { encodeCredentials, newCredentials } from '../../src/cni/server/credentials.js';
import { signalProcess, spawnInNetns } from '../../src/kernel/index.js';
import {
  CniRuntime,
  pluginExecIn,
  type Attachment,
  type CniResult,
} from '../../src/kubelet/cni-runtime/index.js';
import { mapLimit, sleep } from '../../src/lib/concurrency.js';
import { kernel, ping, rootSnapshot } from './support/lab-fixture.js';

/**
 * The CNI fast path on the real kernel (root): the CNI server runs inside a "node" namespace (as
 * flatnet-node runs it), the shims it installed are run by the CNI runtime in that namespace, and
 * pods live in their own namespaces. Every namespace carries this run's prefix and is deleted in
 * `after`, pass or fail (the server with it); the root namespace is checked untouched at the end.
 */
const SERVER_MAIN = fileURLToPath(new URL('../../src/cni/server/main.js', import.meta.url));
const prefix = `fnfast_${randomBytes(3).toString('hex')}_`;
const node = `${prefix}node`;
const SUBNET = '10.251.0';
let tmp = '';
let rootBefore: Record<string, unknown>;

interface ServerEvent {
  readonly event: string;
  readonly plugin?: string;
  readonly command?: string;
  readonly containerId?: string;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly port?: number;
}
const events: ServerEvent[] = [];
let server: ChildProcess | undefined;
let port = 0;

async function startServer(binDir: string, tokenFile: string): Promise<void> {
  server = spawnInNetns(
    node,
    [process.execPath, SERVER_MAIN, '--bin-dir', binDir, '--token-file', tokenFile],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: server.stdout! });
  lines.on('line', (line) => events.push(JSON.parse(line) as ServerEvent));
  while (!events.some((e) => e.event === 'listening')) await once(lines, 'line');
  port = events.find((e) => e.event === 'listening')!.port!;
}

const dirs = { fast: '', cred: '', conf: '', data: '' };

before(async () => {
  rootBefore = await rootSnapshot();
  tmp = await mkdtemp(join(tmpdir(), 'flatnet-cni-fast-'));
  Object.assign(dirs, {
    fast: join(tmp, 'bin'),
    cred: join(tmp, 'server.credentials'),
    conf: join(tmp, 'net.d'),
    data: join(tmp, 'ipam'),
  });
  await kernel.createNetns(node);
  await kernel.host(node).apply([{ op: 'link.set', name: 'lo', change: { up: true } }]);
  const ipam = { type: 'flatnet-ipam', dataDir: dirs.data, ranges: [[{ subnet: `${SUBNET}.0/24` }]] };
  const bridge = { type: 'flatnet-bridge', bridge: 'cni0', isGateway: true, isDefaultGateway: true, ipam };
  await mkdir(dirs.conf);
  const conflist = { cniVersion: '1.1.0', name: 'fastnet', plugins: [bridge] };
  await writeFile(join(dirs.conf, '10-fast.conflist'), JSON.stringify(conflist));
  await startServer(dirs.fast, dirs.cred);
});

after(async () => {
  server?.kill('SIGKILL');
  for (const ns of await kernel.listNetns()) {
    if (!ns.startsWith(prefix)) continue;
    for (const pid of await kernel.netnsPids(ns)) signalProcess(pid, 'SIGKILL');
    await kernel.deleteNetns(ns);
  }
  await rm(tmp, { recursive: true, force: true });
});

let runtimes = 0;
/** The runtime as the kubelet builds it: plugins from `binDir`, run in the node namespace. */
const runtimeWith = (binDir: string): CniRuntime =>
  new CniRuntime({
    confDir: dirs.conf,
    binDirs: [binDir, '/usr/lib/cni'],
    cacheDir: join(tmp, `cache-${runtimes++}`),
    exec: pluginExecIn(node),
  });

async function makePods(tag: string, count: number): Promise<Attachment[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}${tag}${i}`);
  await mapLimit(names, 8, async (ns) => {
    await kernel.createNetns(ns);
    await kernel.host(ns).apply([{ op: 'link.set', name: 'lo', change: { up: true } }]);
  });
  return names.map((ns, i) => ({ containerId: `${tag}-${i}`, netns: `/run/netns/${ns}`, ifName: 'eth0' }));
}

const podIp = (r: CniResult): string => r.ips?.[0]?.address.split('/')[0] ?? '';
const inSubnet = (ip: string): boolean => ip.startsWith(`${SUBNET}.`);
const nsName = (att: Attachment): string => att.netns.replace('/run/netns/', '');
const reservedIps = async () =>
  (await readdir(join(dirs.data, 'fastnet')).catch(() => [])).filter((f) => f.startsWith(SUBNET));
const callsFor = (containerId: string) =>
  events
    .filter((e) => e.event === 'call' && e.containerId === containerId)
    .map((e) => `${e.plugin} ${e.command} ${e.exitCode}`);

/** The server prints an event before it answers, but its stdout reaches us on another pipe. */
async function eventually(check: () => void, ms = 3000): Promise<void> {
  for (const deadline = Date.now() + ms; ; await sleep(20)) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

test('ADD and DEL through the runtime run in the server: one call per plugin run, IPAM in-process', async () => {
  const [a, b] = (await makePods('a', 2)) as [Attachment, Attachment];
  const cni = runtimeWith(dirs.fast);
  const [ra, rb] = [await cni.add(a), await cni.add(b)];
  assert.deepEqual([podIp(ra), podIp(rb)], [`${SUBNET}.2`, `${SUBNET}.3`]);
  const addrs = await kernel.host(nsName(a)).listAddresses('eth0');
  assert.deepEqual(
    addrs.map((x) => x.cidr),
    [`${SUBNET}.2/24`],
  );
  assert.equal((await kernel.host(node).getLink(hostVethName(a.containerId, 'eth0')))?.master, 'cni0');
  // The result is computed, not read back: it must say what the kernel holds.
  const [bridge, veth, inside] = await Promise.all([
    kernel.host(node).getLink('cni0'),
    kernel.host(node).getLink(hostVethName(a.containerId, 'eth0')),
    kernel.host(nsName(a)).getLink('eth0'),
  ]);
  assert.deepEqual(
    ra.interfaces?.map((i) => `${i.name} ${i.mac} ${i.mtu}`),
    [bridge, veth, inside].map((l) => `${l?.name} ${l?.mac} ${l?.mtu}`),
  );
  assert.equal(inside?.mac, '0a:58:0a:fb:00:02');
  assert.ok(await ping(nsName(a), `${SUBNET}.3`), 'pod a pings pod b across cni0');
  // The runtime's ADD became one server call; flatnet-ipam ran inside it (never a call of its own).
  await eventually(() => assert.deepEqual(callsFor(a.containerId), ['flatnet-bridge ADD 0']));
  await cni.del(a);
  await cni.del(b);
  await eventually(() =>
    assert.deepEqual(callsFor(a.containerId), ['flatnet-bridge ADD 0', 'flatnet-bridge DEL 0']),
  );
  assert.equal(await kernel.host(node).getLink(hostVethName(a.containerId, 'eth0')), undefined);
  assert.deepEqual(await reservedIps(), []);
  assert.ok(!events.some((e) => e.plugin === 'flatnet-ipam' && e.containerId === a.containerId));
});

test('a wrong client token gets not one byte and runs nothing; its shim then runs the plugin itself', async () => {
  const calls = events.filter((e) => e.event === 'call').length;
  const probe = `exec 3<>/dev/tcp/127.0.0.1/${port}; printf 'not-the-token\\n' >&3; cat <&3`;
  const { stdout } = await kernel.host(node).exec(['bash', '-c', probe]);
  assert.equal(stdout, '');
  await eventually(() => assert.equal(events.at(-1)?.reason, 'wrong client token'));
  // Shims holding someone else's credentials for this port: refused, then the Node.js plugin.
  const wrongBin = join(tmp, 'bin-wrong');
  const wrongCred = join(tmp, 'wrong.credentials');
  await writeFile(wrongCred, encodeCredentials(newCredentials(port)), { mode: 0o600 });
  await installPlugins(wrongBin, { server: { port, tokenFile: wrongCred } });
  const [pod] = (await makePods('w', 1)) as [Attachment];
  const cni = runtimeWith(wrongBin);
  assert.ok(inSubnet(podIp(await cni.add(pod))));
  await cni.del(pod);
  assert.equal(events.filter((e) => e.event === 'call').length, calls);
  await eventually(() => assert.ok(events.filter((e) => e.event === 'refused').length >= 3));
});

test('50 concurrent ADDs through the server get 50 distinct addresses; 50 DELs free them all', async () => {
  const pods = await makePods('c', 50);
  const cni = runtimeWith(dirs.fast);
  const results = await Promise.all(pods.map((p) => cni.add(p)));
  const ips = results.map(podIp);
  assert.equal(new Set(ips).size, 50, ips.join(' '));
  assert.equal((await reservedIps()).length, 50);
  const served = () =>
    events.filter((e) => e.event === 'call' && e.command === 'ADD' && e.containerId?.startsWith('c-'));
  await eventually(() => assert.equal(served().length, 50));
  await Promise.all(pods.map((p) => cni.del(p)));
  assert.deepEqual(await reservedIps(), []);
  const veths = (await kernel.host(node).listLinks()).filter((l) => l.kind === 'veth');
  assert.deepEqual(veths, []);
});

test('with the node process gone, the same shims run the plugins themselves', async () => {
  server!.kill('SIGKILL'); // no clean close: the credentials stay, nothing listens on the port
  await once(server!, 'exit');
  assert.ok(existsSync(dirs.cred));
  const calls = events.length;
  const [pod] = (await makePods('d', 1)) as [Attachment];
  const cni = runtimeWith(dirs.fast);
  assert.ok(inSubnet(podIp(await cni.add(pod))));
  assert.equal((await kernel.host(nsName(pod)).listAddresses('eth0')).length, 1);
  await cni.del(pod);
  assert.deepEqual(await reservedIps(), []);
  assert.equal(events.length, calls);
});

test('the root namespace is untouched', async () => {
  assert.deepEqual(await rootSnapshot(), rootBefore);
});
