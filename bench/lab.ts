import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealKernel, spawnCounter } from '../src/kernel/index.js';
import type { HostKernel, Kernel, KernelOp } from '../src/kernel/types.js';
import { makeLabConfig } from '../src/lab/config.js';
import { labDown, labUp } from '../src/lab/lifecycle.js';
import { median, table, timed } from './stats.js';

/**
 * `npm run bench:lab`: flatnet up/down for 3, 10 and 50 nodes, against the anchor measured in the same
 * run: the same topology built the way a hand-written script does it, one `ip` process per step.
 */

class OneProcessPerStep implements Kernel {
  private readonly real = new RealKernel();
  createNetns = (n: string) => this.real.createNetns(n);
  deleteNetns = (n: string) => this.real.deleteNetns(n);
  listNetns = () => this.real.listNetns();
  netnsPids = (n: string) => this.real.netnsPids(n);
  host(netns: string | null): HostKernel {
    const host = this.real.host(netns);
    return Object.assign(Object.create(host) as HostKernel, {
      apply: async (ops: readonly KernelOp[]) => {
        for (const op of ops) await host.apply([op]);
      },
    });
  }
}

interface Sample {
  up: number;
  down: number;
  spawnsPerNode: number;
}

async function measure(kernel: Kernel, nodes: number, runs: number): Promise<Sample> {
  const ups: number[] = [];
  const downs: number[] = [];
  let spawns = 0;
  for (let run = 0; run < runs; run++) {
    const config = makeLabConfig({ name: `bench-${nodes}-${run}`, nodes });
    const before = spawnCounter.count;
    const [, up] = await timed(() => labUp(config, { kernel }, { controlPlane: false }));
    spawns = spawnCounter.count - before;
    const [, down] = await timed(() => labDown(config.name, { kernel }));
    ups.push(up);
    downs.push(down);
  }
  return { up: median(ups), down: median(downs), spawnsPerNode: spawns / nodes };
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'flatnet-bench-'));
  process.env['FLATNET_HOME'] = home;
  const rows = [
    [
      'nodes',
      'runs',
      'up p50',
      'down p50',
      'spawns/node',
      'anchor up p50',
      'anchor spawns/node',
      'up speedup',
    ],
  ];
  try {
    for (const [nodes, runs] of [
      [3, 7],
      [10, 5],
      [50, 3],
    ] as const) {
      const ours = await measure(new RealKernel(), nodes, runs);
      const anchor = await measure(new OneProcessPerStep(), nodes, runs);
      rows.push([
        String(nodes),
        String(runs),
        `${ours.up.toFixed(0)} ms`,
        `${ours.down.toFixed(0)} ms`,
        ours.spawnsPerNode.toFixed(1),
        `${anchor.up.toFixed(0)} ms`,
        anchor.spawnsPerNode.toFixed(1),
        `${(anchor.up / ours.up).toFixed(2)}x`,
      ]);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  console.log('flatnet up/down (batched ip) vs anchor (one ip process per step), median of runs');
  console.log(table(rows));
}

await main();
