import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect } from '../src/client/http-client.js';
import { Informer } from '../src/client/informer.js';
import { KINDS } from '../src/client/kinds.js';
import type { KubeObject } from '../src/client/types.js';
import { RealKernel } from '../src/kernel/index.js';
import type { CniPlugins } from '../src/kubelet/cni-config.js';
import { makeLabConfig } from '../src/lab/config.js';
import { labDown, labUp } from '../src/lab/lifecycle.js';
import { sleep } from '../src/lib/concurrency.js';
import { percentile, table } from './stats.js';

/**
 * Sandbox-ready time: from the moment a pod is bound to its node to the moment it is Ready, for a
 * burst of pods on one lab node, with flatnet's CNI plugins and with Debian's reference plugins.
 */

const PODS = Number(process.env['BENCH_PODS'] ?? 100);
const kernel = new RealKernel();

const ready = (p: KubeObject): boolean =>
  ((p['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

async function measure(plugins: CniPlugins): Promise<{ latencies: number[]; wall: number }> {
  const name = `bench-ready-${plugins.slice(0, 3)}`;
  const state = await labUp(makeLabConfig({ name, nodes: 1 }), { kernel }, { cniPlugins: plugins });
  try {
    const client = await connect(state.controlPlane!.kubeconfig);
    const bound = new Map<string, number>();
    const readyAt = new Map<string, number>();
    const informer = new Informer<KubeObject>(client, KINDS.pod, { namespace: 'default' });
    const seen = (p: KubeObject): void => {
      const uid = p.metadata.uid!;
      if ((p['spec'] as { nodeName?: string }).nodeName && !bound.has(uid)) bound.set(uid, performance.now());
      if (ready(p) && !readyAt.has(uid)) readyAt.set(uid, performance.now());
    };
    informer.addHandlers({ add: seen, update: (_o, p) => seen(p) });
    informer.start();
    const start = performance.now();
    await client.create(KINDS.deployment, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'burst', namespace: 'default' },
      spec: {
        replicas: PODS,
        selector: { matchLabels: { app: 'burst' } },
        template: {
          metadata: { labels: { app: 'burst' } },
          spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] },
        },
      },
    } as unknown as KubeObject);
    for (let i = 0; i < 600 && readyAt.size < PODS; i++) await sleep(200);
    const wall = performance.now() - start;
    await informer.stop();
    const latencies = [...readyAt].map(([uid, t]) => t - (bound.get(uid) ?? t));
    return { latencies, wall };
  } finally {
    await labDown(name, { kernel });
  }
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), `flatnet-bench-ready-${randomBytes(2).toString('hex')}-`));
  process.env['FLATNET_HOME'] = home;
  try {
    const rows = [['CNI plugins', 'pods Ready', 'bound->Ready p50', 'p99', 'all Ready after']];
    for (const plugins of ['reference', 'flatnet'] as const) {
      const { latencies, wall } = await measure(plugins);
      rows.push([
        plugins === 'reference' ? 'Debian bridge + host-local (anchor)' : 'flatnet-bridge + flatnet-ipam',
        `${latencies.length}/${PODS}`,
        `${percentile(latencies, 50).toFixed(0)} ms`,
        `${percentile(latencies, 99).toFixed(0)} ms`,
        `${(wall / 1000).toFixed(1)} s`,
      ]);
    }
    console.log(
      `Sandbox-ready time: a Deployment of ${PODS} pods on one lab node (kubelet + CNI + busybox sleep)`,
    );
    console.log(table(rows));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
