import type { Condition, Pod } from '../../client/objects.js';

/** Pod predicates from kubernetes pkg/api/v1/pod and pkg/controller (IsPodReady, IsPodActive, ...). */

export const podCondition = (pod: Pod, type: string): Condition | undefined =>
  pod.status?.conditions?.find((c) => c.type === type);

export const isPodReady = (pod: Pod): boolean => podCondition(pod, 'Ready')?.status === 'True';

export const isPodTerminating = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined;

export const isPodTerminal = (pod: Pod): boolean =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** controller.IsPodActive: counts towards replicas (not finished, not being deleted). */
export const isPodActive = (pod: Pod): boolean => !isPodTerminal(pod) && !isPodTerminating(pod);

/** podutil.IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** Milliseconds until a ready pod becomes available, or undefined if it is not ready or already is. */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: Date): number | undefined {
  if (!isPodReady(pod) || minReadySeconds <= 0) return undefined;
  const since = Date.parse(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  const left = since + minReadySeconds * 1000 - now.getTime();
  return Number.isFinite(left) && left > 0 ? left : undefined;
}
