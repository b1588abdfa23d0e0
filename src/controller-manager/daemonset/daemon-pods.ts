import { labelsMatch } from '../../client/labels.js';
import type { DaemonSet, DaemonSetStatus, Node, Pod, Toleration } from '../../client/objects.js';
import { hashOf } from '../runtime/names.js';
import { isPodActive, isPodAvailable, isPodReady } from '../runtime/pods.js';
import { scaledValue } from '../deployment/rollout.js';
import { untoleratedTaint } from '../scheduler/filters.js';

/**
 * DaemonSet decisions (kubernetes pkg/controller/daemon): which nodes should run the daemon pod
 * (nodeSelector and taints, with the tolerations every daemon pod gets), which pods to create
 * or delete per node, the rolling update of pods from an old template, and the status.
 * Pods are tied to a template by the `controller-revision-hash` label; we compute the hash
 * ourselves instead of keeping ControllerRevision objects.
 */

export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** AddOrUpdateDaemonPodTolerations: daemons survive node trouble other pods are evicted for. */
export const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

export const daemonHash = (ds: DaemonSet): string => hashOf(ds.spec.template);

export function daemonTolerations(ds: DaemonSet): Toleration[] {
  const own = ds.spec.template.spec.tolerations ?? [];
  const hostNetwork = ds.spec.template.spec['hostNetwork'] === true;
  const extra = hostNetwork
    ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists' as const, effect: 'NoSchedule' }]
    : [];
  return [
    ...own,
    ...[...DAEMON_TOLERATIONS, ...extra].filter(
      (t) => !own.some((o) => o.key === t.key && o.effect === t.effect),
    ),
  ];
}

/** nodeShouldRunDaemonPod: the node's own taints count (unschedulable does not: daemons ignore it). */
export function shouldRunOn(ds: DaemonSet, node: Node): boolean {
  if (node.metadata.deletionTimestamp) return false;
  if (!labelsMatch(ds.spec.template.spec.nodeSelector, node.metadata.labels)) return false;
  return untoleratedTaint(node.spec?.taints ?? [], daemonTolerations(ds)) === undefined;
}

export interface DaemonPlan {
  readonly create: string[];
  readonly delete: Pod[];
}

/** podsShouldBeOnNode over all nodes, then one rolling-update step (maxUnavailable, default 1). */
export function planDaemonPods(
  ds: DaemonSet,
  nodes: readonly Node[],
  owned: readonly Pod[],
  now: Date,
): DaemonPlan {
  const plan: DaemonPlan = { create: [], delete: [] };
  const hash = daemonHash(ds);
  const oldOnNodes: Pod[] = [];
  let unavailable = 0;
  for (const node of nodes) {
    const onNode = owned.filter(
      (p) => p.spec?.nodeName === node.metadata.name && !p.metadata.deletionTimestamp,
    );
    const failed = onNode.filter((p) => p.status?.phase === 'Failed');
    const running = onNode
      .filter(isPodActive)
      .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    plan.delete.push(...failed);
    if (!shouldRunOn(ds, node)) {
      plan.delete.push(...running);
      continue;
    }
    if (running.length === 0) {
      plan.create.push(node.metadata.name!);
      unavailable++;
      continue;
    }
    plan.delete.push(...running.slice(1)); // one daemon per node: the oldest stays
    const pod = running[0]!;
    if (!isPodAvailable(pod, ds.spec.minReadySeconds ?? 0, now)) unavailable++;
    if (pod.metadata.labels?.[REVISION_HASH_LABEL] !== hash) oldOnNodes.push(pod);
  }
  if (ds.spec.updateStrategy?.type !== 'OnDelete')
    plan.delete.push(...rollingUpdate(ds, nodes.length, oldOnNodes, unavailable, now));
  return plan;
}

/** Old pods to delete now: unavailable old ones always, available ones within the budget. */
function rollingUpdate(ds: DaemonSet, nodeCount: number, old: Pod[], unavailable: number, now: Date): Pod[] {
  const maxUnavailable = Math.max(
    1,
    scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, nodeCount, true),
  );
  const isAvailable = (p: Pod) => isPodAvailable(p, ds.spec.minReadySeconds ?? 0, now);
  const broken = old.filter((p) => !isAvailable(p));
  const budget = Math.max(0, maxUnavailable - unavailable);
  return [...broken, ...old.filter(isAvailable).slice(0, budget)];
}

export function daemonSetStatus(
  ds: DaemonSet,
  nodes: readonly Node[],
  owned: readonly Pod[],
  now: Date,
): DaemonSetStatus {
  const hash = daemonHash(ds);
  const status: Required<DaemonSetStatus> = {
    observedGeneration: ds.metadata.generation ?? 0,
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  for (const node of nodes) {
    const pods = owned.filter((p) => p.spec?.nodeName === node.metadata.name && isPodActive(p));
    if (!shouldRunOn(ds, node)) {
      if (pods.length > 0) status.numberMisscheduled++;
      continue;
    }
    status.desiredNumberScheduled++;
    if (pods.length === 0) continue;
    status.currentNumberScheduled++;
    if (pods.some(isPodReady)) status.numberReady++;
    if (pods.some((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === hash)) status.updatedNumberScheduled++;
    if (pods.some((p) => isPodAvailable(p, ds.spec.minReadySeconds ?? 0, now))) status.numberAvailable++;
  }
  status.numberUnavailable = status.desiredNumberScheduled - status.numberAvailable;
  return status;
}
