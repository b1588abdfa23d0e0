import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPlugins } from '../src/cni/install.js';
import { RealKernel } from '../src/kernel/index.js';
import { CniRuntime } from '../src/kubelet/cni-runtime/runtime.js';
import { pluginExecIn } from '../src/kubelet/cni-runtime/exec.js';
import { mapLimit } from '../src/lib/concurrency.js';
import { percentile, table, timed } from './stats.js';

/**
 * `npm run bench:cni`: ADD and DEL latency of flatnet's bridge + IPAM plugins against Debian's
 * reference bridge + host-local (the anchor), same network shape, same runtime, same node, in one run;
 * then a burst of concurrent ADDs through the runtime. Everything lives in namespaces made here.
 */

const kernel = new RealKernel();
const tag = `fnbench_${randomBytes(3).toString('hex')}_`;
const node = `${tag}node`;
const SEQUENTIAL = Number(process.env['BENCH_PODS'] ?? 200);
const BURST = Number(process.env['BENCH_BURST'] ?? 100);

type Variant = 'flatnet' | 'reference';

function conflist(variant: Variant, dataDir: string, subnet: string): string {
  const ref = variant === 'reference';
  return JSON.stringify({
    cniVersion: '1.0.0',
    name: `bench-${variant}`,
    plugins: [
      {
        type: ref ? 'bridge' : 'flatnet-bridge',
        bridge: ref ? 'cniref0' : 'cni0',
        isGateway: true,
        isDefaultGateway: true,
        hairpinMode: true,
        ipam: { type: ref ? 'host-local' : 'flatnet-ipam', dataDir, ranges: [[{ subnet }]] },
      },
    ],
  });
}

async function runtimeFor(variant: Variant, dir: string, binDir: string): Promise<CniRuntime> {
  const confDir = join(dir, variant, 'net.d');
  mkdirSync(confDir, { recursive: true });
  const subnet = variant === 'reference' ? '10.98.0.0/16' : '10.97.0.0/16';
  writeFileSync(join(confDir, '10-bench.conflist'), conflist(variant, join(dir, variant, 'ipam'), subnet));
  return new CniRuntime({
    confDir,
    binDirs: [binDir, '/usr/lib/cni'],
    cacheDir: join(dir, variant, 'cache'),
    exec: pluginExecIn(node),
  });
}

const attachment = (i: number, variant: Variant) => ({
  containerId: `${variant}-${i}`,
  netns: `/run/netns/${tag}p${i}`,
  ifName: 'eth0',
  args: { K8S_POD_NAMESPACE: 'bench', K8S_POD_NAME: `pod-${i}` },
});

async function sequential(variant: Variant, cni: CniRuntime) {
  const adds: number[] = [];
  const dels: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const att = attachment(i, variant);
    adds.push((await timed(() => cni.add(att)))[1]);
  }
  for (let i = 0; i < SEQUENTIAL; i++) dels.push((await timed(() => cni.del(attachment(i, variant))))[1]);
  return { adds, dels };
}

async function burst(variant: Variant, cni: CniRuntime): Promise<number> {
  const ids = Array.from({ length: BURST }, (_, i) => i);
  const [, ms] = await timed(() => mapLimit(ids, BURST, (i) => cni.add(attachment(i, variant))));
  await mapLimit(ids, 8, (i) => cni.del(attachment(i, variant)));
  return (BURST / ms) * 1000;
}

function nodeStartupMs(): number {
  const runs = Array.from({ length: 10 }, () => {
    const start = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    return performance.now() - start;
  });
  return percentile(runs, 50);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flatnet-bench-cni-'));
  const pods = Array.from({ length: Math.max(SEQUENTIAL, BURST) }, (_, i) => `${tag}p${i}`);
  try {
    await kernel.createNetns(node);
    await kernel.host(node).apply([{ op: 'link.set', name: 'lo', change: { up: true } }]);
    await mapLimit(pods, 8, (p) => kernel.createNetns(p));
    const binDir = join(dir, 'bin');
    await installPlugins(binDir);
    const rows = [['plugins', 'ADD p50', 'ADD p99', 'DEL p50', 'DEL p99', `burst of ${BURST} ADDs`]];
    const results: Record<string, number> = {};
    for (const variant of ['reference', 'flatnet'] as const) {
      const cni = await runtimeFor(variant, dir, binDir);
      const { adds, dels } = await sequential(variant, cni);
      const rate = await burst(variant, cni);
      results[variant] = percentile(adds, 50);
      rows.push([
        variant === 'reference' ? 'Debian bridge + host-local (anchor)' : 'flatnet-bridge + flatnet-ipam',
        `${percentile(adds, 50).toFixed(1)} ms`,
        `${percentile(adds, 99).toFixed(1)} ms`,
        `${percentile(dels, 50).toFixed(1)} ms`,
        `${percentile(dels, 99).toFixed(1)} ms`,
        `${rate.toFixed(1)} pods/s`,
      ]);
    }
    console.log(
      `CNI ADD/DEL through the runtime, ${SEQUENTIAL} sequential pods per plugin set, same node namespace`,
    );
    console.log(table(rows));
    console.log(
      `ADD p50 ratio flatnet/reference: ${(results['flatnet']! / results['reference']!).toFixed(2)}`,
    );
    console.log(
      `Node.js start-up (node -e 0) p50: ${nodeStartupMs().toFixed(1)} ms (ours run 2 Node.js processes per ADD: bridge and IPAM)`,
    );
  } finally {
    await mapLimit([...pods, node], 8, (ns) => kernel.deleteNetns(ns).catch(() => undefined));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
