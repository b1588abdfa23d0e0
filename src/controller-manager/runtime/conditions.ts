import type { Condition } from '../../client/objects.js';

/**
 * Sets a condition in a list, keeping lastTransitionTime when the status does not change (the
 * meta.SetStatusCondition rule), and returns a new list.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  next: Condition,
  now: Date,
): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === next.type);
  const old = index >= 0 ? list[index] : undefined;
  const merged: Condition = {
    ...next,
    lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : timestamp(now),
  };
  if (index >= 0) list[index] = merged;
  else list.push(merged);
  return list;
}

/** Kubernetes timestamps: RFC 3339 with seconds precision. */
export const timestamp = (now: Date): string => now.toISOString().replace(/\.\d+Z$/, 'Z');
