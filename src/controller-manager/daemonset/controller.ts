import { KINDS } from '../../client/kinds.js';
import type { DaemonSet, Node, Pod } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { sameJson } from '../runtime/names.js';
import { isControlledBy } from '../runtime/owners.js';
import { PodControl } from '../runtime/pod-control.js';
import { podFromTemplate } from '../runtime/pod-template.js';
import {
  daemonHash,
  daemonSetStatus,
  daemonTolerations,
  planDaemonPods,
  REVISION_HASH_LABEL,
  TEMPLATE_GENERATION_LABEL,
} from './daemon-pods.js';

/**
 * The DaemonSet controller: one pod per eligible node. Pods are created with `spec.nodeName` set,
 * so they skip the scheduler (the DaemonSet controller did this before Kubernetes 1.12, and the
 * issue asks for it); a node joining or leaving, or changing labels or taints, re-syncs every
 * DaemonSet. Pods on nodes that no longer exist are the pod garbage collector's.
 */
export function daemonSetController(deps: ControllerDeps): Controller {
  const daemonSets = deps.informers.for<DaemonSet>(KINDS.daemonSet);
  const nodes = deps.informers.for<Node>(KINDS.node);
  const pods = deps.informers.for<Pod>(KINDS.pod);
  const podControl = new PodControl(deps);
  const now = deps.now ?? (() => new Date());

  const daemonPod = (ds: DaemonSet, node: string): Pod => {
    const pod = podFromTemplate(ds, KINDS.daemonSet, ds.spec.template, deps.random);
    pod.metadata.labels = {
      ...pod.metadata.labels,
      [REVISION_HASH_LABEL]: daemonHash(ds),
      [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1),
    };
    pod.spec = { ...pod.spec!, nodeName: node, tolerations: daemonTolerations(ds) };
    return pod;
  };

  const reconcile = async (key: string): Promise<void> => {
    const ds = daemonSets.get(key);
    if (!ds) return podControl.expectations.clear(key);
    const owned = pods.list((p) => p.metadata.namespace === ds.metadata.namespace && isControlledBy(p, ds));
    const allNodes = nodes.list();
    if (podControl.expectations.satisfied(key) && !ds.metadata.deletionTimestamp) {
      const plan = planDaemonPods(ds, allNodes, owned, now());
      if (plan.create.length > 0)
        await podControl.create(
          key,
          ds,
          plan.create.map((n) => daemonPod(ds, n)),
        );
      if (plan.delete.length > 0) await podControl.delete(key, ds, plan.delete);
    }
    const status = daemonSetStatus(ds, allNodes, owned, now());
    if (!sameJson(status, ds.status ?? {}))
      await deps.client.updateStatus(KINDS.daemonSet, { ...ds, status });
  };

  const controller = new Controller('daemonset', reconcile, deps.log, {
    workers: 2,
    resyncMs: 60_000,
    keys: () => daemonSets.list().map(keyOf),
  });
  const all = (): void => daemonSets.list().forEach((ds) => controller.enqueue(keyOf(ds)));
  const nodeChanged = (old: Node, node: Node): void => {
    if (!sameJson([old.metadata.labels, old.spec?.taints], [node.metadata.labels, node.spec?.taints])) all();
  };
  daemonSets.addHandlers({
    add: (ds) => controller.enqueue(keyOf(ds)),
    update: (_o, ds) => controller.enqueue(keyOf(ds)),
    delete: (ds) => controller.enqueue(keyOf(ds)),
  });
  nodes.addHandlers({ add: all, update: nodeChanged, delete: all });
  podControl.watchPods(pods, KINDS.daemonSet, (k) => controller.enqueue(k));
  return controller;
}
