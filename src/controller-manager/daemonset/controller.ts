import type { Informer } from '../../client/informer.js';
import { KINDS } from '../../client/kinds.js';
import type { DaemonSet, Node, Pod } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { Controller, enqueueOnChange } from '../runtime/controller.js';
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
  return new DaemonSetController(deps).controller;
}

class DaemonSetController {
  readonly controller: Controller;
  private readonly daemonSets: Informer<DaemonSet>;
  private readonly nodes: Informer<Node>;
  private readonly pods: Informer<Pod>;
  private readonly podControl: PodControl;

  constructor(private readonly deps: ControllerDeps) {
    this.daemonSets = deps.informers.for<DaemonSet>(KINDS.daemonSet);
    this.nodes = deps.informers.for<Node>(KINDS.node);
    this.pods = deps.informers.for<Pod>(KINDS.pod);
    this.podControl = new PodControl(deps);
    this.controller = new Controller('daemonset', (key) => this.reconcile(key), deps.log, {
      workers: 2,
      resyncMs: 60_000,
      keys: () => this.daemonSets.list().map(keyOf),
    });
    enqueueOnChange(this.daemonSets, this.controller);
    const all = (): void => this.daemonSets.list().forEach((ds) => this.controller.enqueue(keyOf(ds)));
    const placementChanged = (old: Node, node: Node): boolean =>
      !sameJson([old.metadata.labels, old.spec?.taints], [node.metadata.labels, node.spec?.taints]);
    this.nodes.addHandlers({
      add: all,
      update: (old, node) => placementChanged(old, node) && all(),
      delete: all,
    });
    this.podControl.watchPods(this.pods, KINDS.daemonSet, (k) => this.controller.enqueue(k));
  }

  private async reconcile(key: string): Promise<void> {
    const ds = this.daemonSets.get(key);
    if (!ds) return this.podControl.expectations.clear(key);
    const now = this.deps.now?.() ?? new Date();
    const owned = this.pods.list(
      (p) => p.metadata.namespace === ds.metadata.namespace && isControlledBy(p, ds),
    );
    const nodes = this.nodes.list();
    if (this.podControl.expectations.satisfied(key) && !ds.metadata.deletionTimestamp) {
      const plan = planDaemonPods(ds, nodes, owned, now);
      if (plan.create.length > 0)
        await this.podControl.create(
          key,
          ds,
          plan.create.map((n) => this.daemonPod(ds, n)),
        );
      if (plan.delete.length > 0) await this.podControl.delete(key, ds, plan.delete);
    }
    const status = daemonSetStatus(ds, nodes, owned, now);
    if (!sameJson(status, ds.status ?? {}))
      await this.deps.client.updateStatus(KINDS.daemonSet, { ...ds, status });
  }

  private daemonPod(ds: DaemonSet, node: string): Pod {
    const pod = podFromTemplate(ds, KINDS.daemonSet, ds.spec.template, this.deps.random);
    pod.metadata.labels = {
      ...pod.metadata.labels,
      [REVISION_HASH_LABEL]: daemonHash(ds),
      [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1),
    };
    pod.spec = { ...pod.spec!, nodeName: node, tolerations: daemonTolerations(ds) };
    return pod;
  }
}
