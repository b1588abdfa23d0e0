import { KINDS } from '../../client/kinds.js';
import type { Node, Pod } from '../../client/objects.js';
import { keyOf } from '../../client/types.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { timestamp } from '../runtime/conditions.js';
import { controllerOf } from '../runtime/owners.js';
import { needsScheduling, placementOf, schedule, type Placement } from './schedule.js';

/**
 * The scheduler: binds each pending pod without a node to a node that fits (schedule.ts).
 * Like kube-scheduler it "assumes" a pod on its node as soon as it decides, so the next decision
 * counts it even before the informer has seen the binding. Unschedulable pods get a
 * FailedScheduling event and PodScheduled=False, and are retried when nodes change.
 * Binding goes through the pods/binding subresource, as kube-scheduler's DefaultBinder does (pod
 * validation forbids changing spec.nodeName by update); PodScheduled=True is then set on the pod's
 * status, which kube-apiserver's binding does by itself. The node's kubelet takes it from there.
 */

const RETRY_UNSCHEDULABLE_MS = 10_000;

export function schedulerController(deps: ControllerDeps): Controller {
  const pods = deps.informers.for<Pod>(KINDS.pod);
  const nodes = deps.informers.for<Node>(KINDS.node);
  const assumed = new Map<string, Placement>();
  const reported = new Map<string, string>();
  const now = deps.now ?? (() => new Date());

  const placements = (): Placement[] => [
    ...pods.list().flatMap((p) => (assumed.has(keyOf(p)) ? [] : (placementOf(p) ?? []))),
    ...assumed.values(),
  ];

  const setScheduled = async (
    pod: Pod,
    status: 'True' | 'False',
    reason?: string,
    message?: string,
  ): Promise<void> => {
    const condition = {
      type: 'PodScheduled',
      status,
      lastProbeTime: null,
      lastTransitionTime: timestamp(now()),
      reason,
      message,
    };
    const { namespace, name } = pod.metadata;
    await deps.client.patch(
      KINDS.pod,
      namespace,
      name!,
      { status: { conditions: [condition] } },
      { type: 'strategic', subresource: 'status' },
    );
  };

  const bind = async (pod: Pod, node: string): Promise<void> => {
    const { namespace, name } = pod.metadata;
    await deps.client.bindPod(namespace!, name!, node);
    deps.events.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${node}`);
    await setScheduled(pod, 'True').catch((err: Error) =>
      deps.log(`scheduler: ${keyOf(pod)}: PodScheduled not set: ${err.message}`),
    );
  };

  const reconcile = async (key: string) => {
    const pod = pods.get(key);
    if (!pod || !needsScheduling(pod) || assumed.has(key)) return;
    const decision = schedule(pod, nodes.list(), placements());
    if (decision.node === undefined) {
      if (reported.get(key) !== decision.message) {
        deps.events.event(pod, 'Warning', 'FailedScheduling', decision.message);
        await setScheduled(pod, 'False', 'Unschedulable', decision.message);
        reported.set(key, decision.message);
      }
      return { requeueAfterMs: RETRY_UNSCHEDULABLE_MS };
    }
    assumed.set(key, { node: decision.node, owner: controllerOf(pod)?.uid });
    try {
      await bind(pod, decision.node);
    } catch (err) {
      assumed.delete(key);
      throw err;
    }
    reported.delete(key);
    return undefined;
  };

  const controller = new Controller('scheduler', reconcile, deps.log, { workers: 1 });
  const pending = (): void => pods.list(needsScheduling).forEach((p) => controller.enqueue(keyOf(p)));
  pods.addHandlers({
    add: (p) => (needsScheduling(p) ? controller.enqueue(keyOf(p)) : undefined),
    update: (_old, p) => {
      // The binding is in the cache now: the pod counts as bound, no longer as assumed.
      if (p.spec?.nodeName) assumed.delete(keyOf(p));
      if (needsScheduling(p)) controller.enqueue(keyOf(p));
    },
    delete: (p) => {
      assumed.delete(keyOf(p));
      reported.delete(keyOf(p));
    },
  });
  nodes.addHandlers({ add: pending, update: pending });
  return controller;
}
