import { KINDS } from '../../client/kinds.js';
import type { Deployment, ReplicaSet } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { sameJson } from '../runtime/names.js';
import { controllerKey, isControlledBy } from '../runtime/owners.js';
import {
  DESIRED_REPLICAS_ANNOTATION,
  isScalingEvent,
  maxRevision,
  newReplicaSet,
  REVISION_ANNOTATION,
  replicasAnnotations,
  revisionOf,
  rolloutParams,
  rsView,
  splitReplicaSets,
} from './replica-sets.js';
import { recreateStep, rollingStep, scaleStep, type ScaleChanges } from './rollout.js';
import { deploymentStatus, isComplete } from './status.js';

/**
 * The Deployment controller: one ReplicaSet per pod template; a template change creates a new set
 * and rolls pods over step by step (rollout.ts), a replicas change scales the active sets; old
 * empty sets beyond revisionHistoryLimit are deleted; the status sums the sets' statuses.
 * Paused Deployments only scale. Sets matching the selector but not owned are not adopted.
 */

const DEFAULT_HISTORY_LIMIT = 10;

export function deploymentController(deps: ControllerDeps): Controller {
  const deployments = deps.informers.for<Deployment>(KINDS.deployment);
  const replicaSets = deps.informers.for<ReplicaSet>(KINDS.replicaSet);
  const now = deps.now ?? (() => new Date());

  const scaleEvent = (d: Deployment, rs: string, from: number, to: number): void =>
    deps.events.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${to > from ? 'up' : 'down'} replica set ${rs} from ${from} to ${to}`,
    );

  const createNewReplicaSet = async (d: Deployment, old: ReplicaSet[]): Promise<void> => {
    const params = rolloutParams(d);
    const draft = newReplicaSet(d, 0, maxRevision(old) + 1);
    const step = params.strategy === 'Recreate' ? recreateStep : rollingStep;
    const replicas = d.spec.paused
      ? 0
      : (step(params, rsView(draft), old.map(rsView)).get(draft.metadata.name!) ?? 0);
    await deps.client.create(KINDS.replicaSet, { ...draft, spec: { ...draft.spec, replicas } });
    deps.log(`deployment: created replica set ${keyOf(draft)} (revision ${maxRevision(old) + 1})`);
    if (replicas > 0) scaleEvent(d, draft.metadata.name!, 0, replicas);
  };

  /** Writes new replica counts and refreshes the replicas annotations of every active set. */
  const applyScale = async (d: Deployment, owned: ReplicaSet[], changes: ScaleChanges): Promise<void> => {
    const annotations = replicasAnnotations(d);
    for (const rs of owned) {
      const from = rs.spec.replicas ?? 0;
      const to = changes.get(rs.metadata.name!) ?? from;
      const staleAnnotation =
        to > 0 &&
        rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] !== annotations[DESIRED_REPLICAS_ANNOTATION];
      if (to === from && !staleAnnotation) continue;
      const metadata = { ...rs.metadata, annotations: { ...rs.metadata.annotations, ...annotations } };
      await deps.client.update(KINDS.replicaSet, { ...rs, metadata, spec: { ...rs.spec, replicas: to } });
      if (to !== from) scaleEvent(d, rs.metadata.name!, from, to);
    }
  };

  /**
   * The new set carries the highest revision (a rollback makes an old template new again), and the
   * Deployment repeats it. Returns the objects as written, so later writes carry current versions.
   */
  const syncRevision = async (
    d: Deployment,
    newRs: ReplicaSet,
    old: ReplicaSet[],
  ): Promise<[Deployment, ReplicaSet]> => {
    const revision = Math.max(revisionOf(newRs), maxRevision(old) + 1);
    const withRevision = <T extends Deployment | ReplicaSet>(obj: T): T => ({
      ...obj,
      metadata: {
        ...obj.metadata,
        annotations: { ...obj.metadata.annotations, [REVISION_ANNOTATION]: String(revision) },
      },
    });
    if (revision !== revisionOf(newRs))
      newRs = await deps.client.update(KINDS.replicaSet, withRevision(newRs));
    if (revision !== revisionOf(d)) d = await deps.client.update(KINDS.deployment, withRevision(d));
    return [d, newRs];
  };

  const cleanup = async (d: Deployment, old: ReplicaSet[]): Promise<void> => {
    const limit = d.spec.revisionHistoryLimit ?? DEFAULT_HISTORY_LIMIT;
    const idle = old.filter((rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0);
    const surplus = idle
      .sort((a, b) => revisionOf(a) - revisionOf(b))
      .slice(0, Math.max(0, idle.length - limit));
    for (const rs of surplus) {
      await deps.client.delete(KINDS.replicaSet, rs.metadata.namespace, rs.metadata.name!, {
        preconditions: { uid: rs.metadata.uid! },
      });
      deps.log(`deployment: deleted old replica set ${keyOf(rs)} (revisionHistoryLimit ${limit})`);
    }
  };

  const stepChanges = (
    d: Deployment,
    owned: ReplicaSet[],
    newRs: ReplicaSet,
    old: ReplicaSet[],
  ): ScaleChanges => {
    const params = rolloutParams(d);
    if (isScalingEvent(d, owned)) return scaleStep(params, rsView(newRs), old.map(rsView));
    if (d.spec.paused) return new Map();
    return (params.strategy === 'Recreate' ? recreateStep : rollingStep)(
      params,
      rsView(newRs),
      old.map(rsView),
    );
  };

  /** One rollout step on an existing new set; returns the Deployment as last written. */
  const rollout = async (
    d: Deployment,
    owned: ReplicaSet[],
    newRs: ReplicaSet,
    old: ReplicaSet[],
  ): Promise<Deployment> => {
    const [current, currentNewRs] = await syncRevision(d, newRs, old);
    const sets = owned.map((rs) => (rs === newRs ? currentNewRs : rs));
    const changes = stepChanges(current, sets, currentNewRs, old);
    await applyScale(current, sets, changes);
    if (changes.size === 0 && isComplete(current, currentNewRs, sets)) await cleanup(current, old);
    return current;
  };

  const reconcile = async (key: string): Promise<void> => {
    let d = deployments.get(key);
    if (!d || d.metadata.deletionTimestamp) return;
    const owned = replicaSets.list(
      (rs) => rs.metadata.namespace === d!.metadata.namespace && isControlledBy(rs, d!),
    );
    const { newRs, old } = splitReplicaSets(d, owned);
    if (newRs) d = await rollout(d, owned, newRs, old);
    else if (!d.spec.paused) await createNewReplicaSet(d, old);
    const status = deploymentStatus(d, newRs, owned, now());
    if (!sameJson(status, d.status ?? {})) await deps.client.updateStatus(KINDS.deployment, { ...d, status });
  };

  const controller = new Controller('deployment', reconcile, deps.log, {
    workers: 2,
    resyncMs: 60_000,
    keys: () => deployments.list().map(keyOf),
  });
  const enqueueOwner = (rs: ReplicaSet): void => controller.enqueue(controllerKey(rs, KINDS.deployment));
  deployments.addHandlers({
    add: (d) => controller.enqueue(keyOf(d)),
    update: (_o, d) => controller.enqueue(keyOf(d)),
    delete: (d) => controller.enqueue(keyOf(d)),
  });
  replicaSets.addHandlers({ add: enqueueOwner, update: (_o, rs) => enqueueOwner(rs), delete: enqueueOwner });
  return controller;
}
