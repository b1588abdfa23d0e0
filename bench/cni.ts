import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { installPlugins } from '../src/cni/install.js';
import { RealKernel, spawnInNetns } from '../src/kernel/index.js';
import { CniRuntime } from '../src/kubelet/cni-runtime/runtime.js';
import { pluginExecIn } from '../src/kubelet/cni-runtime/exec.js';
import { mapLimit } from '../src/lib/concurrency.js';
import { percentile, table, timed } from './stats.js';

/**
 * `npm run bench:cni`: ADD and DEL latency through the runtime of Debian's reference bridge +
 * host-local (the anchor) and of flatnet's bridge + IPAM two ways: thin bash shims forwarding to
 * the resident CNI server (started inside the node namespace, as flatnet-node runs it) and the
 * standalone Node.js executables. Same network shape, same runtime, same node, one run; then a
 * burst of concurrent ADDs. The sequential ADDs and DELs are interleaved pod by pod across the
 * plugin sets (each has its own pods), so a load change on the machine weighs on all of them
 * alike. Everything lives in namespaces made here.
 */

const kernel = new RealKernel();
const tag = `fnbench_${randomBytes(3).toString('hex')}_`;
const node = `${tag}node`;
const SEQUENTIAL = Number(process.env['BENCH_PODS'] ?? 200);
const BURST = Number(process.env['BENCH_BURST'] ?? 100);
const SERVER_MAIN = fileURLToPath(new URL('../src/cni/server/main.js', import.meta.url));

interface Variant {
  readonly id: 'reference' | 'server' | 'standalone';
  /** In its pods' namespace names. */
  readonly short: string;
  readonly label: string;
  readonly bridge: string;
  readonly subnet: string;
}
const VARIANTS: readonly Variant[] = [
  {
    id: 'reference',
    short: 'r',
    label: 'Debian bridge + host-local (anchor)',
    bridge: 'cniref0',
    subnet: '10.98.0.0/16',
  },
  {
    id: 'server',
    short: 's',
    label: 'flatnet via the CNI server (bash shims)',
    bridge: 'cni0',
    subnet: '10.97.0.0/16',
  },
  {
    id: 'standalone',
    short: 'x',
    label: 'flatnet standalone (Node.js executables)',
    bridge: 'cni1',
    subnet: '10.96.0.0/16',
  },
];

function conflist(v: Variant, dataDir: string): string {
  const ref = v.id === 'reference';
  return JSON.stringify({
    cniVersion: '1.0.0',
    name: `bench-${v.id}`,
    plugins: [
      {
        type: ref ? 'bridge' : 'flatnet-bridge',
        bridge: v.bridge,
        isGateway: true,
        isDefaultGateway: true,
        hairpinMode: true,
        ipam: { type: ref ? 'host-local' : 'flatnet-ipam', dataDir, ranges: [[{ subnet: v.subnet }]] },
      },
    ],
  });
}

function runtimeFor(v: Variant, dir: string, binDir: string): CniRuntime {
  const confDir = join(dir, v.id, 'net.d');
  mkdirSync(confDir, { recursive: true });
  writeFileSync(join(confDir, '10-bench.conflist'), conflist(v, join(dir, v.id, 'ipam')));
  const binDirs = [binDir, '/usr/lib/cni'];
  return new CniRuntime({ confDir, binDirs, cacheDir: join(dir, v.id, 'cache'), exec: pluginExecIn(node) });
}

const attachment = (i: number, v: Variant) => ({
  containerId: `${v.id}-${i}`,
  netns: `/run/netns/${podNetns(i, v)}`,
  ifName: 'eth0',
  args: { K8S_POD_NAMESPACE: 'bench', K8S_POD_NAME: `pod-${i}` },
});

const podNetns = (i: number, v: Variant): string => `${tag}${v.short}${i}`;

type Timings = Map<Variant['id'], { adds: number[]; dels: number[] }>;

/** Pod i of every plugin set, then pod i + 1...: ADDs, then DELs in the same order. */
async function sequential(runtimes: ReadonlyMap<Variant, CniRuntime>): Promise<Timings> {
  const timings: Timings = new Map(VARIANTS.map((v) => [v.id, { adds: [], dels: [] }]));
  for (const op of ['adds', 'dels'] as const) {
    for (let i = 0; i < SEQUENTIAL; i++) {
      for (const [v, cni] of runtimes) {
        const run = async (): Promise<unknown> =>
          op === 'adds' ? cni.add(attachment(i, v)) : cni.del(attachment(i, v));
        timings.get(v.id)![op].push((await timed(run))[1]);
      }
    }
  }
  return timings;
}

async function burst(v: Variant, cni: CniRuntime): Promise<number> {
  const ids = Array.from({ length: BURST }, (_, i) => i);
  const [, ms] = await timed(() => mapLimit(ids, BURST, (i) => cni.add(attachment(i, v))));
  await mapLimit(ids, 8, (i) => cni.del(attachment(i, v)));
  return (BURST / ms) * 1000;
}

function startupMs(argv: string[]): number {
  const runs = Array.from({ length: 10 }, () => {
    const start = performance.now();
    execFileSync(argv[0]!, argv.slice(1));
    return performance.now() - start;
  });
  return percentile(runs, 50);
}

/** The CNI server in the node namespace, as flatnet-node runs it; counts the calls it serves. */
async function startServer(binDir: string, tokenFile: string) {
  const argv = [process.execPath, SERVER_MAIN, '--bin-dir', binDir, '--token-file', tokenFile];
  const child: ChildProcess = spawnInNetns(node, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const counts = { calls: 0, refused: 0 };
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((ready, fail) => {
    child.on('exit', () => fail(new Error('the CNI server exited')));
    lines.on('line', (line) => {
      const { event } = JSON.parse(line) as { event: string };
      if (event === 'listening') ready();
      if (event === 'call') counts.calls++;
      if (event === 'refused') counts.refused++;
    });
  });
  return { counts, stop: () => child.kill('SIGKILL') };
}

async function measure(dir: string, bins: Record<Variant['id'], string>) {
  const rows = [['plugins', 'ADD p50', 'ADD p99', 'DEL p50', 'DEL p99', `burst of ${BURST} ADDs`]];
  const runtimes = new Map(VARIANTS.map((v) => [v, runtimeFor(v, dir, bins[v.id])]));
  const timings = await sequential(runtimes);
  const p50 = new Map<Variant['id'], { add: number; del: number }>();
  for (const [v, cni] of runtimes) {
    const { adds, dels } = timings.get(v.id)!;
    const rate = await burst(v, cni);
    p50.set(v.id, { add: percentile(adds, 50), del: percentile(dels, 50) });
    const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(1)} ms`;
    rows.push([v.label, ms(adds, 50), ms(adds, 99), ms(dels, 50), ms(dels, 99), `${rate.toFixed(1)} pods/s`]);
  }
  return { rows, p50 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flatnet-bench-cni-'));
  const count = Math.max(SEQUENTIAL, BURST);
  const pods = VARIANTS.flatMap((v) => Array.from({ length: count }, (_, i) => podNetns(i, v)));
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await kernel.createNetns(node);
    await kernel.host(node).apply([{ op: 'link.set', name: 'lo', change: { up: true } }]);
    await mapLimit(pods, 8, (p) => kernel.createNetns(p));
    const bins = {
      reference: join(dir, 'bin'),
      server: join(dir, 'bin-server'),
      standalone: join(dir, 'bin'),
    };
    await installPlugins(bins.standalone);
    server = await startServer(bins.server, join(dir, 'server.credentials'));
    const { rows, p50 } = await measure(dir, bins);
    const ref = p50.get('reference')!;
    const ratio = (id: Variant['id'], op: 'add' | 'del') => (p50.get(id)![op] / ref[op]).toFixed(2);
    console.log(
      `CNI ADD/DEL through the runtime, ${SEQUENTIAL} sequential pods per plugin set (interleaved), same node namespace`,
    );
    console.log(table(rows));
    console.log(
      `p50 ratio to the reference: via the server ADD ${ratio('server', 'add')} DEL ${ratio('server', 'del')};`,
    );
    console.log(`  standalone ADD ${ratio('standalone', 'add')} DEL ${ratio('standalone', 'del')}`);
    console.log(`CNI server: ${server.counts.calls} calls served, ${server.counts.refused} refused`);
    const node20 = startupMs([process.execPath, '-e', '0']).toFixed(1);
    console.log(
      `start-up p50: Node.js (node -e 0) ${node20} ms, bash (bash -c :) ${startupMs(['bash', '-c', ':']).toFixed(1)} ms`,
    );
  } finally {
    server?.stop();
    await mapLimit([...pods, node], 8, (ns) => kernel.deleteNetns(ns).catch(() => undefined));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
