import type { Informer } from '../../client/informer.js';
import { KINDS } from '../../client/kinds.js';
import type { Pod, ReplicaSet } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { Controller, enqueueOnChange } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { sameJson } from '../runtime/names.js';
import { isControlledBy } from '../runtime/owners.js';
import { PodControl } from '../runtime/pod-control.js';
import { podFromTemplate } from '../runtime/pod-template.js';
import { isPodActive } from '../runtime/pods.js';
import { nextAvailableInMs, planReplicas, replicaSetStatus } from './replicas.js';

/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods owned by each ReplicaSet (pods it
 * created, ownerReference controller=true) and reports the counts in its status. It waits for
 * its informer to see its last creates and deletes (expectations) before deciding again.
 * Orphan pods matching the selector are not adopted (Kubernetes would adopt them).
 */
export function replicaSetController(deps: ControllerDeps): Controller {
  return new ReplicaSetController(deps).controller;
}

class ReplicaSetController {
  readonly controller: Controller;
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly pods: Informer<Pod>;
  private readonly podControl: PodControl;

  constructor(private readonly deps: ControllerDeps) {
    this.replicaSets = deps.informers.for<ReplicaSet>(KINDS.replicaSet);
    this.pods = deps.informers.for<Pod>(KINDS.pod);
    this.podControl = new PodControl(deps);
    this.controller = new Controller('replicaset', (key) => this.reconcile(key), deps.log, {
      workers: 4,
      resyncMs: 60_000,
      keys: () => this.replicaSets.list().map(keyOf),
    });
    enqueueOnChange(this.replicaSets, this.controller);
    this.podControl.watchPods(this.pods, KINDS.replicaSet, (k) => this.controller.enqueue(k));
  }

  private async reconcile(key: string) {
    const rs = this.replicaSets.get(key);
    if (!rs) return this.podControl.expectations.clear(key);
    const now = this.deps.now?.() ?? new Date();
    const active = this.pods.list(
      (p) => p.metadata.namespace === rs.metadata.namespace && isControlledBy(p, rs) && isPodActive(p),
    );
    if (this.podControl.expectations.satisfied(key) && !rs.metadata.deletionTimestamp) {
      await this.manage(key, rs, active);
    }
    const status = replicaSetStatus(rs, active, now);
    if (!sameJson(status, rs.status ?? {}))
      await this.deps.client.updateStatus(KINDS.replicaSet, { ...rs, status });
    const wait = nextAvailableInMs(rs, active, now);
    return wait !== undefined ? { requeueAfterMs: wait } : undefined;
  }

  private async manage(key: string, rs: ReplicaSet, active: Pod[]): Promise<void> {
    const plan = planReplicas(rs, active);
    if (plan.create > 0) {
      const template = rs.spec.template;
      const pods = Array.from({ length: plan.create }, () =>
        podFromTemplate(rs, KINDS.replicaSet, template, this.deps.random),
      );
      await this.podControl.create(key, rs, pods);
    }
    if (plan.delete.length > 0) await this.podControl.delete(key, rs, plan.delete);
  }
}
