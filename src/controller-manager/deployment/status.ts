import type { Condition, Deployment, ReplicaSet, WorkloadStatus } from '../../client/objects.js';
import { setCondition, timestamp } from '../runtime/conditions.js';
import { fenceposts } from './rollout.js';
import { rolloutParams } from './replica-sets.js';

/**
 * Deployment status (calculateStatus and syncRolloutStatus in kubernetes pkg/controller/deployment):
 * counts summed over the sets, `updatedReplicas` from the new set, and the Available and
 * Progressing conditions `kubectl rollout status` and `kubectl describe` read.
 * The progress deadline (ProgressDeadlineExceeded) is not tracked.
 */

const sum = (rss: readonly ReplicaSet[], f: (rs: ReplicaSet) => number | undefined) =>
  rss.reduce((n, rs) => n + (f(rs) ?? 0), 0);

export function deploymentStatus(
  d: Deployment,
  newRs: ReplicaSet | undefined,
  all: readonly ReplicaSet[],
  now: Date,
): WorkloadStatus {
  const available = sum(all, (rs) => rs.status?.availableReplicas);
  let conditions = d.status?.conditions ?? [];
  for (const c of rolloutConditions(d, newRs, all)) conditions = withUpdateTime(conditions, c, now);
  return {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sum(all, (rs) => rs.status?.replicas),
    updatedReplicas: newRs?.status?.replicas ?? 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum(all, (rs) => rs.spec.replicas) - available),
    conditions,
    ...(d.status?.collisionCount ? { collisionCount: d.status.collisionCount } : {}),
  };
}

/** Available: at least replicas - maxUnavailable pods are available. Progressing: done or moving. */
function rolloutConditions(
  d: Deployment,
  newRs: ReplicaSet | undefined,
  all: readonly ReplicaSet[],
): Condition[] {
  const params = rolloutParams(d);
  const minAvailable = params.replicas - fenceposts(params).maxUnavailable;
  const enough = sum(all, (rs) => rs.status?.availableReplicas) >= minAvailable;
  const rsName = newRs?.metadata.name ?? '';
  const complete = isComplete(d, newRs, all);
  return [
    {
      type: 'Available',
      status: enough ? 'True' : 'False',
      reason: enough ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      message: enough
        ? 'Deployment has minimum availability.'
        : 'Deployment does not have minimum availability.',
    },
    {
      type: 'Progressing',
      status: 'True',
      reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
      message: complete
        ? `ReplicaSet "${rsName}" has successfully progressed.`
        : `ReplicaSet "${rsName}" is progressing.`,
    },
  ];
}

/** DeploymentComplete: every replica runs the new template and is available, nothing else runs. */
export function isComplete(
  d: Deployment,
  newRs: ReplicaSet | undefined,
  all: readonly ReplicaSet[],
): boolean {
  const replicas = d.spec.replicas ?? 1;
  return (
    (newRs?.status?.replicas ?? 0) === replicas &&
    sum(all, (rs) => rs.status?.replicas) === replicas &&
    sum(all, (rs) => rs.status?.availableReplicas) === replicas
  );
}

/** lastUpdateTime moves only when the condition says something new, so an idle resync writes nothing. */
function withUpdateTime(conditions: readonly Condition[], next: Condition, now: Date): Condition[] {
  const old = conditions.find((c) => c.type === next.type);
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message)
    return [...conditions];
  return setCondition(conditions, { ...next, lastUpdateTime: timestamp(now) }, now);
}
