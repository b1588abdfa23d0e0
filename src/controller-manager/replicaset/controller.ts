import { KINDS } from '../../client/kinds.js';
import type { Pod, ReplicaSet } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { Controller } from '../runtime/controller.js';
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
  const replicaSets = deps.informers.for<ReplicaSet>(KINDS.replicaSet);
  const pods = deps.informers.for<Pod>(KINDS.pod);
  const podControl = new PodControl(deps);
  const now = deps.now ?? (() => new Date());

  const manage = async (key: string, rs: ReplicaSet, active: Pod[]): Promise<void> => {
    const plan = planReplicas(rs, active);
    if (plan.create > 0) {
      const created = Array.from({ length: plan.create }, () =>
        podFromTemplate(rs, KINDS.replicaSet, rs.spec.template, deps.random),
      );
      await podControl.create(key, rs, created);
    }
    if (plan.delete.length > 0) await podControl.delete(key, rs, plan.delete);
  };

  const reconcile = async (key: string) => {
    const rs = replicaSets.get(key);
    if (!rs) return podControl.expectations.clear(key);
    const active = pods.list(
      (p) => p.metadata.namespace === rs.metadata.namespace && isControlledBy(p, rs) && isPodActive(p),
    );
    if (podControl.expectations.satisfied(key) && !rs.metadata.deletionTimestamp)
      await manage(key, rs, active);
    const status = replicaSetStatus(rs, active, now());
    if (!sameJson(status, rs.status ?? {}))
      await deps.client.updateStatus(KINDS.replicaSet, { ...rs, status });
    const wait = nextAvailableInMs(rs, active, now());
    return wait !== undefined ? { requeueAfterMs: wait } : undefined;
  };

  const controller = new Controller('replicaset', reconcile, deps.log, {
    workers: 4,
    resyncMs: 60_000,
    keys: () => replicaSets.list().map(keyOf),
  });
  replicaSets.addHandlers({
    add: (rs) => controller.enqueue(keyOf(rs)),
    update: (_o, rs) => controller.enqueue(keyOf(rs)),
    delete: (rs) => controller.enqueue(keyOf(rs)),
  });
  podControl.watchPods(pods, KINDS.replicaSet, (k) => controller.enqueue(k));
  return controller;
}
