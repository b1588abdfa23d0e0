import type { Informer } from '../../client/informer.js';
import { KINDS } from '../../client/kinds.js';
import type { Deployment, ReplicaSet } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { Controller, enqueueOnChange } from '../runtime/controller.js';
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
  return new DeploymentController(deps).controller;
}

class DeploymentController {
  readonly controller: Controller;
  private readonly deployments: Informer<Deployment>;
  private readonly replicaSets: Informer<ReplicaSet>;

  constructor(private readonly deps: ControllerDeps) {
    this.deployments = deps.informers.for<Deployment>(KINDS.deployment);
    this.replicaSets = deps.informers.for<ReplicaSet>(KINDS.replicaSet);
    this.controller = new Controller('deployment', (key) => this.reconcile(key), deps.log, {
      workers: 2,
      resyncMs: 60_000,
      keys: () => this.deployments.list().map(keyOf),
    });
    enqueueOnChange(this.deployments, this.controller);
    enqueueOnChange(this.replicaSets, this.controller, (rs) => controllerKey(rs, KINDS.deployment));
  }

  private async reconcile(key: string): Promise<void> {
    let d = this.deployments.get(key);
    if (!d || d.metadata.deletionTimestamp) return;
    const namespace = d.metadata.namespace;
    const owner = d;
    const owned = this.replicaSets.list(
      (rs) => rs.metadata.namespace === namespace && isControlledBy(rs, owner),
    );
    const { newRs, old } = splitReplicaSets(d, owned);
    if (newRs) d = await this.rollout(d, owned, newRs, old);
    else if (!d.spec.paused) await this.createNewReplicaSet(d, old);
    const status = deploymentStatus(d, newRs, owned, this.deps.now?.() ?? new Date());
    if (!sameJson(status, d.status ?? {}))
      await this.deps.client.updateStatus(KINDS.deployment, { ...d, status });
  }

  /** One rollout step on an existing new set; returns the Deployment as last written. */
  private async rollout(
    d: Deployment,
    owned: ReplicaSet[],
    newRs: ReplicaSet,
    old: ReplicaSet[],
  ): Promise<Deployment> {
    const [current, currentNewRs] = await this.syncRevision(d, newRs, old);
    const sets = owned.map((rs) => (rs === newRs ? currentNewRs : rs));
    const changes = stepChanges(current, sets, currentNewRs, old);
    await this.applyScale(current, sets, changes);
    if (changes.size === 0 && isComplete(current, currentNewRs, sets)) await this.cleanup(current, old);
    return current;
  }

  /** NewRSNewReplicas decides the first size: all replicas for a first rollout, the surge else. */
  private async createNewReplicaSet(d: Deployment, old: ReplicaSet[]): Promise<void> {
    const params = rolloutParams(d);
    const draft = newReplicaSet(d, 0, maxRevision(old) + 1);
    const step = params.strategy === 'Recreate' ? recreateStep : rollingStep;
    const replicas = step(params, rsView(draft), old.map(rsView)).get(draft.metadata.name!) ?? 0;
    await this.deps.client.create(KINDS.replicaSet, { ...draft, spec: { ...draft.spec, replicas } });
    this.deps.log(`deployment: created replica set ${keyOf(draft)} (revision ${maxRevision(old) + 1})`);
    if (replicas > 0) this.scaleEvent(d, draft.metadata.name!, 0, replicas);
  }

  /** Writes new replica counts and refreshes the replicas annotations of every active set. */
  private async applyScale(d: Deployment, owned: ReplicaSet[], changes: ScaleChanges): Promise<void> {
    const annotations = replicasAnnotations(d);
    for (const rs of owned) {
      const from = rs.spec.replicas ?? 0;
      const to = changes.get(rs.metadata.name!) ?? from;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      if (to === from && (to === 0 || desired === annotations[DESIRED_REPLICAS_ANNOTATION])) continue;
      const metadata = { ...rs.metadata, annotations: { ...rs.metadata.annotations, ...annotations } };
      await this.deps.client.update(KINDS.replicaSet, {
        ...rs,
        metadata,
        spec: { ...rs.spec, replicas: to },
      });
      if (to !== from) this.scaleEvent(d, rs.metadata.name!, from, to);
    }
  }

  /**
   * The new set carries the highest revision (a rollback makes an old template new again), and the
   * Deployment repeats it. Returns the objects as written, so later writes carry current versions.
   */
  private async syncRevision(
    d: Deployment,
    newRs: ReplicaSet,
    old: ReplicaSet[],
  ): Promise<[Deployment, ReplicaSet]> {
    const revision = Math.max(revisionOf(newRs), maxRevision(old) + 1);
    const withRevision = <T extends Deployment | ReplicaSet>(obj: T): T => ({
      ...obj,
      metadata: {
        ...obj.metadata,
        annotations: { ...obj.metadata.annotations, [REVISION_ANNOTATION]: String(revision) },
      },
    });
    if (revision !== revisionOf(newRs))
      newRs = await this.deps.client.update(KINDS.replicaSet, withRevision(newRs));
    if (revision !== revisionOf(d)) d = await this.deps.client.update(KINDS.deployment, withRevision(d));
    return [d, newRs];
  }

  /** cleanupDeployment: old sets without pods beyond revisionHistoryLimit, oldest revision first. */
  private async cleanup(d: Deployment, old: ReplicaSet[]): Promise<void> {
    const limit = d.spec.revisionHistoryLimit ?? DEFAULT_HISTORY_LIMIT;
    const idle = old.filter((rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0);
    const surplus = idle
      .sort((a, b) => revisionOf(a) - revisionOf(b))
      .slice(0, Math.max(0, idle.length - limit));
    for (const rs of surplus) {
      const { namespace, name, uid } = rs.metadata;
      await this.deps.client.delete(KINDS.replicaSet, namespace, name!, { preconditions: { uid: uid! } });
      this.deps.log(`deployment: deleted old replica set ${keyOf(rs)} (revisionHistoryLimit ${limit})`);
    }
  }

  private scaleEvent(d: Deployment, rs: string, from: number, to: number): void {
    const verb = to > from ? 'up' : 'down';
    this.deps.events.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${verb} replica set ${rs} from ${from} to ${to}`,
    );
  }
}

/** A replicas change is handled first (sync), then the strategy's step (rolloutRolling/Recreate). */
function stepChanges(d: Deployment, owned: ReplicaSet[], newRs: ReplicaSet, old: ReplicaSet[]): ScaleChanges {
  const params = rolloutParams(d);
  if (isScalingEvent(d, owned)) return scaleStep(params, rsView(newRs), old.map(rsView));
  if (d.spec.paused) return new Map();
  const step = params.strategy === 'Recreate' ? recreateStep : rollingStep;
  return step(params, rsView(newRs), old.map(rsView));
}
