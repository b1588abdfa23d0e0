import type { Node, Pod } from '../../client/objects.js';
import { controllerOf } from '../runtime/owners.js';
import { isPodTerminal } from '../runtime/pods.js';
import { unfitReason } from './filters.js';

/**
 * One scheduling decision: filter the nodes, then score the ones that fit. The score spreads a
 * workload first (fewest pods with the same controller, what PodTopologySpread's default
 * hostname constraint achieves) and then the whole node (fewest pods, a stand-in for
 * NodeResourcesFit's LeastAllocated, since we do not count resources); ties go to the first
 * node by name, so decisions are deterministic.
 */

export const DEFAULT_SCHEDULER = 'default-scheduler';

export function needsScheduling(pod: Pod): boolean {
  return (
    !pod.spec?.nodeName &&
    !pod.metadata.deletionTimestamp &&
    !isPodTerminal(pod) &&
    (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER) === DEFAULT_SCHEDULER &&
    (pod.spec?.schedulingGates ?? []).length === 0
  );
}

/** A pod placed on a node: bound ones from the cache plus ones we just bound (assumed). */
export interface Placement {
  readonly node: string;
  readonly owner: string | undefined;
}

export type Decision = { readonly node: string } | { readonly node?: undefined; readonly message: string };

export function schedule(pod: Pod, nodes: readonly Node[], placements: readonly Placement[]): Decision {
  const reasons = new Map<string, number>();
  const fits: Node[] = [];
  for (const node of nodes) {
    const reason = unfitReason(pod, node);
    if (reason === undefined) fits.push(node);
    else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  if (fits.length === 0) return { message: unschedulableMessage(nodes.length, reasons) };
  const owner = controllerOf(pod)?.uid;
  const score = (node: string): [number, number] => {
    const here = placements.filter((p) => p.node === node);
    return [owner ? here.filter((p) => p.owner === owner).length : 0, here.length];
  };
  const ranked = fits
    .map((n) => ({ name: n.metadata.name!, score: score(n.metadata.name!) }))
    .sort((a, b) => a.score[0] - b.score[0] || a.score[1] - b.score[1] || a.name.localeCompare(b.name));
  return { node: ranked[0]!.name };
}

/** kube-scheduler's FitError text: "0/3 nodes are available: 1 node(s) ..., 2 node(s) ....". */
function unschedulableMessage(total: number, reasons: Map<string, number>): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const parts = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

export function placementOf(pod: Pod): Placement | undefined {
  if (!pod.spec?.nodeName || isPodTerminal(pod)) return undefined;
  return { node: pod.spec.nodeName, owner: controllerOf(pod)?.uid };
}
