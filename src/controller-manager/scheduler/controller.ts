import type { Informer } from '../../client/informer.js';
import { KINDS } from '../../client/kinds.js';
import type { Node, Pod } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { timestamp } from '../runtime/conditions.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { controllerOf } from '../runtime/owners.js';
import { needsScheduling, placementOf, schedule, type Placement } from './schedule.js';

/**
 * The scheduler: binds each pending pod without a node to a node that fits (schedule.ts).
 * Like kube-scheduler it "assumes" a pod on its node as soon as it decides, so the next decision
 * counts it even before the informer has seen the binding; one worker keeps decisions in order.
 * Unschedulable pods get a FailedScheduling event and PodScheduled=False, and are retried when
 * nodes change. Binding goes through the pods/binding subresource, as kube-scheduler's
 * DefaultBinder does (pod validation forbids changing spec.nodeName by update); PodScheduled=True
 * is then set on the pod's status, which kube-apiserver's binding does by itself. The node's
 * kubelet takes the pod from there.
 */

const RETRY_UNSCHEDULABLE_MS = 10_000;

export function schedulerController(deps: ControllerDeps): Controller {
  return new Scheduler(deps).controller;
}

class Scheduler {
  readonly controller: Controller;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly assumed = new Map<string, Placement>();
  /** The last FailedScheduling message per pod, so a retry does not repeat the same event. */
  private readonly reported = new Map<string, string>();

  constructor(private readonly deps: ControllerDeps) {
    this.pods = deps.informers.for<Pod>(KINDS.pod);
    this.nodes = deps.informers.for<Node>(KINDS.node);
    this.controller = new Controller('scheduler', (key) => this.reconcile(key), deps.log, { workers: 1 });
    const pending = (p: Pod) => (needsScheduling(p) ? this.controller.enqueue(keyOf(p)) : undefined);
    this.pods.addHandlers({
      add: pending,
      update: (_old, p) => {
        // The binding is in the cache now: the pod counts as bound, no longer as assumed.
        if (p.spec?.nodeName) this.assumed.delete(keyOf(p));
        pending(p);
      },
      delete: (p) => {
        this.assumed.delete(keyOf(p));
        this.reported.delete(keyOf(p));
      },
    });
    const retryAll = () => this.pods.list(needsScheduling).forEach(pending);
    this.nodes.addHandlers({ add: retryAll, update: retryAll });
  }

  private async reconcile(key: string) {
    const pod = this.pods.get(key);
    if (!pod || !needsScheduling(pod) || this.assumed.has(key)) return undefined;
    const decision = schedule(pod, this.nodes.list(), this.placements());
    if (decision.node === undefined) {
      if (this.reported.get(key) !== decision.message) {
        this.deps.events.event(pod, 'Warning', 'FailedScheduling', decision.message);
        await this.setScheduled(pod, 'False', 'Unschedulable', decision.message);
        this.reported.set(key, decision.message);
      }
      return { requeueAfterMs: RETRY_UNSCHEDULABLE_MS };
    }
    this.assumed.set(key, { node: decision.node, owner: controllerOf(pod)?.uid });
    try {
      await this.bind(pod, decision.node);
    } catch (err) {
      this.assumed.delete(key);
      throw err;
    }
    this.reported.delete(key);
    return undefined;
  }

  private placements(): Placement[] {
    const bound = this.pods.list().flatMap((p) => (this.assumed.has(keyOf(p)) ? [] : (placementOf(p) ?? [])));
    return [...bound, ...this.assumed.values()];
  }

  private async bind(pod: Pod, node: string): Promise<void> {
    const { namespace, name } = pod.metadata;
    await this.deps.client.bindPod(namespace!, name!, node);
    this.deps.events.event(
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${namespace}/${name} to ${node}`,
    );
    await this.setScheduled(pod, 'True').catch((err: Error) =>
      this.deps.log(`scheduler: ${keyOf(pod)}: PodScheduled not set: ${err.message}`),
    );
  }

  private async setScheduled(
    pod: Pod,
    status: 'True' | 'False',
    reason?: string,
    message?: string,
  ): Promise<void> {
    const now = timestamp(this.deps.now?.() ?? new Date());
    const condition = {
      type: 'PodScheduled',
      status,
      lastProbeTime: null,
      lastTransitionTime: now,
      reason,
      message,
    };
    const { namespace, name } = pod.metadata;
    const patch = { status: { conditions: [condition] } };
    await this.deps.client.patch(KINDS.pod, namespace, name!, patch, {
      type: 'strategic',
      subresource: 'status',
    });
  }
}
