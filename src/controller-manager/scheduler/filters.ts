import type { Node, Pod, Taint, Toleration } from '../../client/objects.js';
import { labelsMatch } from '../../client/labels.js';

/**
 * The scheduler's filter plugins we implement (kubernetes pkg/scheduler/framework/plugins):
 * NodeUnschedulable, NodeAffinity (nodeSelector only) and TaintToleration. A node whose Ready
 * condition is not True carries the `node.kubernetes.io/not-ready:NoSchedule` taint, as the node
 * lifecycle controller's TaintNodesByCondition would add it; our nodes may lack the real taint.
 * Each filter returns the reason text kube-scheduler prints in FailedScheduling, or undefined.
 */

export const NOT_READY_TAINT: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export const isNodeReady = (node: Node): boolean =>
  node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** v1.Toleration.ToleratesTaint */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

export function effectiveTaints(node: Node): Taint[] {
  return [...(node.spec?.taints ?? []), ...(isNodeReady(node) ? [] : [NOT_READY_TAINT])];
}

export function untoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Taint | undefined {
  return taints.find(
    (t) =>
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
      !tolerations.some((tol) => tolerates(tol, t)),
  );
}

type Filter = (pod: Pod, node: Node) => string | undefined;

const nodeUnschedulable: Filter = (pod, node) =>
  node.spec?.unschedulable && !(pod.spec?.tolerations ?? []).some((t) => tolerates(t, UNSCHEDULABLE_TAINT))
    ? 'node(s) were unschedulable'
    : undefined;

const nodeAffinity: Filter = (pod, node) =>
  labelsMatch(pod.spec?.nodeSelector, node.metadata.labels)
    ? undefined
    : "node(s) didn't match Pod's node affinity/selector";

const taintToleration: Filter = (pod, node) => {
  const taint = untoleratedTaint(effectiveTaints(node), pod.spec?.tolerations ?? []);
  return taint ? `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}` : undefined;
};

const FILTERS: readonly Filter[] = [nodeUnschedulable, nodeAffinity, taintToleration];

/** The first reason the node cannot take the pod, or undefined when it fits. */
export const unfitReason = (pod: Pod, node: Node): string | undefined =>
  FILTERS.map((f) => f(pod, node)).find((r) => r !== undefined);
