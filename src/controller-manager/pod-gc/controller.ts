import { isNotFound } from '../../client/errors.js';
import { KINDS } from '../../client/kinds.js';
import type { Node, Pod } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';

/**
 * Pod garbage collection for orphaned pods (kube-controller-manager's podgc gcOrphaned): a pod
 * bound to a node that no longer exists has no kubelet to stop it and report it gone, so it is
 * deleted with gracePeriodSeconds=0. The node's absence is confirmed with a GET first (the
 * node informer may lag behind the pod's), as podgc checks with the API before deleting.
 */
export function podGcController(deps: ControllerDeps): Controller {
  const pods = deps.informers.for<Pod>(KINDS.pod);
  const nodes = deps.informers.for<Node>(KINDS.node);

  const nodeExists = async (name: string): Promise<boolean> => {
    if (nodes.get(name)) return true;
    try {
      await deps.client.get(KINDS.node, undefined, name);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };

  const reconcile = async (key: string): Promise<void> => {
    const pod = pods.get(key);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName || (await nodeExists(nodeName))) return;
    try {
      await deps.client.delete(KINDS.pod, pod.metadata.namespace, pod.metadata.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid! },
      });
      deps.log(`pod-gc: force-deleted ${key}: its node ${nodeName} no longer exists`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };

  const controller = new Controller('pod-gc', reconcile, deps.log, {
    workers: 1,
    resyncMs: 60_000,
    keys: () => pods.list((p) => Boolean(p.spec?.nodeName) && !nodes.get(p.spec!.nodeName!)).map(keyOf),
  });
  const onNode = (p: Pod): void =>
    p.spec?.nodeName && !nodes.get(p.spec.nodeName) ? controller.enqueue(keyOf(p)) : undefined;
  pods.addHandlers({ add: onNode, update: (_o, p) => onNode(p) });
  nodes.addHandlers({
    delete: (n) =>
      pods.list((p) => p.spec?.nodeName === n.metadata.name).forEach((p) => controller.enqueue(keyOf(p))),
  });
  return controller;
}
