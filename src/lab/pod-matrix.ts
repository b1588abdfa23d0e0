import { mapLimit } from '../lib/concurrency.js';
import type { ApiClient } from '../client/api-client.js';
import { KINDS } from '../client/kinds.js';
import type { Kernel } from '../kernel/types.js';
import type { Probe } from './connectivity.js';
import type { LabHost } from './plan.js';

/**
 * Pod-to-pod connectivity through netexec's /dial: every pod asks netexec to fetch /hostname from every
 * other pod, so a cell is "ok" only when the answer names the right pod. The /dial request is sent
 * from the source pod's node host (which always reaches its own pods).
 */

export interface MatrixPod {
  readonly label: string;
  readonly name: string;
  readonly ip: string;
  readonly node: string;
}

export async function netexecPods(client: ApiClient, selector: string): Promise<MatrixPod[]> {
  const list = await client.list(KINDS.pod, { labelSelector: selector });
  return list.items
    .filter((p) => (p['status'] as { podIP?: string } | undefined)?.podIP && !p.metadata.deletionTimestamp)
    .map((p) => {
      const node = (p['spec'] as { nodeName: string }).nodeName;
      return {
        label: `${node}/${p.metadata.name!.slice(-5)}`,
        name: p.metadata.name!,
        ip: (p['status'] as { podIP: string }).podIP,
        node,
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

export async function podMatrix(
  kernel: Kernel,
  hosts: readonly LabHost[],
  pods: readonly MatrixPod[],
  port = 8080,
): Promise<Probe[]> {
  const pairs = pods.flatMap((from) => pods.filter((to) => to !== from).map((to) => ({ from, to })));
  return mapLimit(pairs, 6, async ({ from, to }) => {
    const host = hosts.find((h) => h.name === from.node);
    const url = `http://${from.ip}:${port}/dial?host=${to.ip}&port=${port}&request=hostname&protocol=http&tries=1`;
    const answer = host
      ? await kernel
          .host(host.netns)
          .exec(['curl', '-s', '--max-time', '5', url], { timeoutMs: 10_000 })
          .then((r) => r.stdout)
          .catch(() => '')
      : '';
    const ok = answer.includes(`"${to.name}"`);
    return { from: from.label, to: to.label, ok };
  });
}
