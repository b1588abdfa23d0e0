/**
 * Deployment rollout arithmetic from kubernetes pkg/controller/deployment (rolling.go, sync.go,
 * recreate.go, util/deployment_util.go), over plain numbers so it is easy to test.
 * One call is one step of a rollout: the controller applies the changes, the ReplicaSets and their
 * pods move, and the next sync takes the next step (level-triggered, as in Kubernetes).
 */

export interface RolloutParams {
  readonly replicas: number;
  readonly strategy: 'RollingUpdate' | 'Recreate';
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
}

/** A ReplicaSet as the arithmetic sees it; `old` lists are ordered oldest first. */
export interface RsView {
  readonly name: string;
  readonly replicas: number; // spec.replicas
  readonly current: number; // status.replicas (pods that still exist)
  readonly available: number; // status.availableReplicas
}

/** ReplicaSet name -> new spec.replicas. */
export type ScaleChanges = Map<string, number>;

/** intstr.GetScaledValueFromIntOrPercent; Deployment defaults are 25% for both. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  const v = value ?? '25%';
  if (typeof v === 'number') return v;
  const match = /^(\d+)%$/.exec(v);
  if (!match) return Number(v) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** ResolveFenceposts: surge rounds up, unavailable down; both zero would deadlock, so 1 unavailable. */
export function fenceposts(p: RolloutParams): { maxSurge: number; maxUnavailable: number } {
  if (p.strategy !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaledValue(p.maxSurge, p.replicas, true);
  let maxUnavailable = scaledValue(p.maxUnavailable, p.replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, p.replicas) };
}

const sum = (rss: readonly RsView[], f: (r: RsView) => number): number => rss.reduce((n, r) => n + f(r), 0);

/** rolloutRolling: scale the new ReplicaSet up if we may, else scale old ones down if we may. */
export function rollingStep(p: RolloutParams, newRs: RsView, old: readonly RsView[]): ScaleChanges {
  const changes: ScaleChanges = new Map();
  const all = [...old, newRs];
  const { maxSurge, maxUnavailable } = fenceposts(p);
  // reconcileNewReplicaSet / NewRSNewReplicas
  if (newRs.replicas > p.replicas) return changes.set(newRs.name, p.replicas);
  if (newRs.replicas < p.replicas) {
    const room = p.replicas + maxSurge - sum(all, (r) => r.replicas);
    if (room > 0)
      return changes.set(newRs.name, newRs.replicas + Math.min(room, p.replicas - newRs.replicas));
  }
  // reconcileOldReplicaSets
  const active = old.filter((r) => r.replicas > 0);
  if (active.length === 0) return changes;
  const minAvailable = p.replicas - maxUnavailable;
  const newUnavailable = newRs.replicas - newRs.available;
  const maxScaledDown = sum(all, (r) => r.replicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return changes;
  // cleanupUnhealthyReplicas: unavailable old pods go first, they serve nobody.
  let cleaned = 0;
  const after = new Map(active.map((r) => [r.name, r.replicas]));
  for (const r of active) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = r.replicas - r.available;
    if (unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    after.set(r.name, r.replicas - down);
    cleaned += down;
  }
  // scaleDownOldReplicaSetsForRollingUpdate: then as many available ones as minAvailable allows.
  const available = sum(all, (r) => r.available);
  let budget = Math.max(0, available - minAvailable);
  for (const r of active) {
    if (budget <= 0) break;
    const replicas = after.get(r.name)!;
    const down = Math.min(replicas, budget);
    after.set(r.name, replicas - down);
    budget -= down;
  }
  for (const r of active) if (after.get(r.name) !== r.replicas) changes.set(r.name, after.get(r.name)!);
  return changes;
}

/** rolloutRecreate: all old pods go away first; only then does the new ReplicaSet scale up. */
export function recreateStep(p: RolloutParams, newRs: RsView, old: readonly RsView[]): ScaleChanges {
  const changes: ScaleChanges = new Map();
  for (const r of old) if (r.replicas > 0) changes.set(r.name, 0);
  if (changes.size > 0 || old.some((r) => r.current > 0)) return changes;
  if (newRs.replicas !== p.replicas) changes.set(newRs.name, p.replicas);
  return changes;
}

/**
 * sync's scale(), for a changed spec.replicas: with one active ReplicaSet it simply takes the new
 * count. During a rollout, Kubernetes spreads the difference proportionally over all active sets;
 * we give added replicas to the new set and take removed ones from the oldest sets first, which
 * keeps the same bounds (replicas + maxSurge) and lets the rollout carry on from there.
 */
export function scaleStep(p: RolloutParams, newRs: RsView | undefined, old: readonly RsView[]): ScaleChanges {
  const changes: ScaleChanges = new Map();
  const active = [...old, ...(newRs ? [newRs] : [])].filter((r) => r.replicas > 0);
  const target = active.length === 1 ? active[0]! : undefined;
  if (target || active.length === 0) {
    const only = target ?? newRs ?? old[old.length - 1];
    if (only && only.replicas !== p.replicas) changes.set(only.name, p.replicas);
    return changes;
  }
  const allowed = p.replicas + fenceposts(p).maxSurge;
  let delta = allowed - sum(active, (r) => r.replicas);
  if (delta > 0 && newRs) return changes.set(newRs.name, newRs.replicas + delta);
  for (const r of [...old, ...(newRs ? [newRs] : [])]) {
    if (delta >= 0) break;
    const down = Math.min(r.replicas, -delta);
    if (down > 0) changes.set(r.name, r.replicas - down);
    delta += down;
  }
  return changes;
}
