import { KINDS } from '../../client/kinds.js';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../client/objects.js';
import { hashOf, sameJson } from '../runtime/names.js';
import { controllerRef } from '../runtime/owners.js';
import { fenceposts, type RolloutParams, type RsView } from './rollout.js';

/**
 * A Deployment's ReplicaSets (kubernetes pkg/controller/deployment/util): one per pod template,
 * named `<deployment>-<pod-template-hash>`, the hash also a label on the set, its selector and its
 * pods so that the sets never select each other's pods. Revisions and desired counts live in
 * annotations, as `kubectl rollout history` and the scaling logic read them.
 */

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

export const templateHash = (template: PodTemplateSpec, collisionCount?: number): string =>
  hashOf(collisionCount ? [template, collisionCount] : template);

function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...template.metadata?.labels };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...template, metadata: { ...template.metadata, labels } };
}

/** EqualIgnoreHash: the set runs the Deployment's current template. */
export const runsTemplateOf = (d: Deployment, rs: ReplicaSet): boolean =>
  sameJson(withoutHash(rs.spec.template), withoutHash(d.spec.template));

export const replicaSetName = (d: Deployment): string =>
  `${d.metadata.name}-${templateHash(d.spec.template, d.status?.collisionCount)}`;

/** FindNewReplicaSet and FindOldReplicaSets; old sets come oldest first. */
export function splitReplicaSets(
  d: Deployment,
  owned: readonly ReplicaSet[],
): { newRs?: ReplicaSet; old: ReplicaSet[] } {
  const byAge = [...owned].sort(
    (a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  const newRs =
    byAge.find((rs) => runsTemplateOf(d, rs)) ?? byAge.find((rs) => rs.metadata.name === replicaSetName(d));
  return { ...(newRs ? { newRs } : {}), old: byAge.filter((rs) => rs !== newRs) };
}

export const revisionOf = (obj: { metadata: { annotations?: Record<string, string> } }): number =>
  Number(obj.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;

export const maxRevision = (rss: readonly ReplicaSet[]): number => Math.max(0, ...rss.map(revisionOf));

export function rolloutParams(d: Deployment): RolloutParams {
  const strategy = d.spec.strategy?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate';
  const rolling = d.spec.strategy?.rollingUpdate ?? {};
  return {
    replicas: d.spec.replicas ?? 1,
    strategy,
    ...(rolling.maxSurge !== undefined ? { maxSurge: rolling.maxSurge } : {}),
    ...(rolling.maxUnavailable !== undefined ? { maxUnavailable: rolling.maxUnavailable } : {}),
  };
}

export const rsView = (rs: ReplicaSet): RsView => ({
  name: rs.metadata.name!,
  replicas: rs.spec.replicas ?? 0,
  current: rs.status?.replicas ?? 0,
  available: rs.status?.availableReplicas ?? 0,
});

/** The annotations SetReplicasAnnotations keeps on every set it scales. */
export function replicasAnnotations(d: Deployment): Record<string, string> {
  const params = rolloutParams(d);
  return {
    [DESIRED_REPLICAS_ANNOTATION]: String(params.replicas),
    [MAX_REPLICAS_ANNOTATION]: String(params.replicas + fenceposts(params).maxSurge),
  };
}

/** A changed spec.replicas shows as an active set whose desired-replicas annotation is stale. */
export const isScalingEvent = (d: Deployment, owned: readonly ReplicaSet[]): boolean =>
  owned.some(
    (rs) =>
      (rs.spec.replicas ?? 0) > 0 &&
      rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] !== String(d.spec.replicas ?? 1),
  );

export function newReplicaSet(d: Deployment, replicas: number, revision: number): ReplicaSet {
  const hash = templateHash(d.spec.template, d.status?.collisionCount);
  const labels = { ...d.spec.template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels,
      annotations: { ...replicasAnnotations(d), [REVISION_ANNOTATION]: String(revision) },
      ownerReferences: [controllerRef(d, KINDS.deployment)],
    },
    spec: {
      replicas,
      ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
      selector: {
        ...d.spec.selector,
        matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash },
      },
      template: { ...structuredClone(d.spec.template), metadata: { ...d.spec.template.metadata, labels } },
    },
  };
}
