import type { Pod, ReplicaSet, WorkloadStatus } from '../../client/objects.js';
import { labelsMatch } from '../../client/labels.js';
import { isPodAvailable, isPodReady, msUntilAvailable, podCondition } from '../runtime/pods.js';

/**
 * The ReplicaSet controller's decisions (kubernetes pkg/controller/replicaset): how many pods to
 * create, which to delete, and the status to report. Pure functions of the ReplicaSet and its
 * active pods.
 */

export interface ReplicaPlan {
  readonly create: number;
  readonly delete: readonly Pod[];
}

export function planReplicas(rs: ReplicaSet, active: readonly Pod[]): ReplicaPlan {
  const diff = active.length - (rs.spec.replicas ?? 1);
  if (diff < 0) return { create: -diff, delete: [] };
  return { create: 0, delete: rankForDeletion(active).slice(0, diff) };
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods ordering, the pods to delete first: not yet on a node, then by phase
 * (Pending < Unknown < Running), not ready before ready, ready for a shorter time first, and newer
 * pods before older ones.
 */
export function rankForDeletion(pods: readonly Pod[]): Pod[] {
  const readySince = (p: Pod) => Date.parse(podCondition(p, 'Ready')?.lastTransitionTime ?? '') || 0;
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
  return [...pods].sort(
    (a, b) =>
      Number(Boolean(a.spec?.nodeName)) - Number(Boolean(b.spec?.nodeName)) ||
      (PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0) - (PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0) ||
      Number(isPodReady(a)) - Number(isPodReady(b)) ||
      (isPodReady(a) && isPodReady(b) ? readySince(b) - readySince(a) : 0) ||
      created(b) - created(a) ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
}

/** calculateStatus: counts over the active pods; conditions are kept as they are. */
export function replicaSetStatus(rs: ReplicaSet, active: readonly Pod[], now: Date): WorkloadStatus {
  const minReady = rs.spec.minReadySeconds ?? 0;
  const templateLabels = rs.spec.template.metadata?.labels;
  return {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) => labelsMatch(templateLabels, p.metadata.labels)).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation ?? 0,
    ...(rs.status?.conditions?.length ? { conditions: rs.status.conditions } : {}),
  };
}

/** When the next ready pod becomes available (minReadySeconds), so the status can be updated then. */
export function nextAvailableInMs(rs: ReplicaSet, active: readonly Pod[], now: Date): number | undefined {
  const waits = active
    .map((p) => msUntilAvailable(p, rs.spec.minReadySeconds ?? 0, now))
    .filter((ms) => ms !== undefined);
  return waits.length ? Math.min(...waits) : undefined;
}
