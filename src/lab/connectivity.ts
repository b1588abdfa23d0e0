import { mapLimit } from '../lib/concurrency.js';
import type { Kernel } from '../kernel/types.js';
import type { LabHost } from './plan.js';

export interface Probe {
  readonly from: string;
  readonly to: string;
  readonly ok: boolean;
  readonly rttMs?: number;
}

/** Pings every (source, target) pair of distinct hosts over the underlay, a few at a time. */
export async function underlayMatrix(
  kernel: Kernel,
  sources: readonly LabHost[],
  targets: readonly LabHost[],
): Promise<Probe[]> {
  const pairs = sources.flatMap((from) =>
    targets.filter((to) => to.name !== from.name).map((to) => ({ from, to })),
  );
  return mapLimit(pairs, 8, async ({ from, to }) => {
    try {
      const { stdout } = await kernel.host(from.netns).exec(['ping', '-c', '1', '-W', '1', to.ip!]);
      const rtt = /time=([\d.]+) ms/.exec(stdout)?.[1];
      return { from: from.name, to: to.name, ok: true, ...(rtt ? { rttMs: Number(rtt) } : {}) };
    } catch {
      return { from: from.name, to: to.name, ok: false };
    }
  });
}

/** Renders probes as a from x to table: "ok" or "FAIL", "-" on the diagonal. */
export function formatMatrix(
  probes: readonly Probe[],
  sources: readonly string[],
  targets: readonly string[],
): string {
  const cell = (from: string, to: string): string => {
    if (from === to) return '-';
    const p = probes.find((x) => x.from === from && x.to === to);
    return p === undefined ? '' : p.ok ? 'ok' : 'FAIL';
  };
  const width = Math.max(8, ...sources.map((s) => s.length), ...targets.map((t) => t.length)) + 2;
  const pad = (s: string): string => s.padEnd(width);
  const header = pad('from\\to') + targets.map(pad).join('');
  const rows = sources.map((from) => pad(from) + targets.map((to) => pad(cell(from, to))).join(''));
  return [header, ...rows].map((l) => l.trimEnd()).join('\n');
}
