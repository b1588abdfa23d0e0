import type { KubeObject, OwnerReference } from '../../client/types.js';

/**
 * The garbage collector's decision for one object with ownerReferences (attemptToDeleteItem in
 * kubernetes pkg/controller/garbagecollector): owners are "solid" (exist), "dangling" (gone, or
 * a different object now has the name) or "waiting" (being deleted in the foreground).
 *   some solid owner: keep the object, but drop references to dangling and waiting owners;
 *   no solid owner:   delete the object (in the foreground if an owner waits for it).
 */

export type OwnerState = 'solid' | 'dangling' | 'waiting';

export type GcAction =
  | { readonly type: 'keep' }
  | { readonly type: 'delete'; readonly propagationPolicy: 'Background' | 'Foreground' }
  | { readonly type: 'removeRefs'; readonly uids: readonly string[] };

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export function decide(
  refs: readonly OwnerReference[],
  stateOf: (ref: OwnerReference) => OwnerState,
): GcAction {
  if (refs.length === 0) return { type: 'keep' };
  const states = refs.map((ref) => ({ ref, state: stateOf(ref) }));
  const of = (state: OwnerState) => states.filter((s) => s.state === state).map((s) => s.ref.uid);
  const [solid, dangling, waiting] = [of('solid'), of('dangling'), of('waiting')];
  if (solid.length > 0) {
    return dangling.length + waiting.length === 0
      ? { type: 'keep' }
      : { type: 'removeRefs', uids: [...dangling, ...waiting] };
  }
  return { type: 'delete', propagationPolicy: waiting.length > 0 ? 'Foreground' : 'Background' };
}

/** The state of an owner we found (the uid matched). */
export function ownerStateOf(owner: KubeObject): OwnerState {
  const deleting = owner.metadata.deletionTimestamp !== undefined;
  return deleting && (owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER) ? 'waiting' : 'solid';
}

/**
 * What a deleted owner still has to do for its dependents before its finalizer goes:
 * `orphan` (propagationPolicy Orphan): remove our reference from each dependent;
 * `foregroundDeletion` (Foreground): wait until no dependent is left.
 */
export function pendingFinalizer(
  owner: KubeObject,
): typeof ORPHAN_FINALIZER | typeof FOREGROUND_FINALIZER | undefined {
  if (!owner.metadata.deletionTimestamp) return undefined;
  const finalizers = owner.metadata.finalizers ?? [];
  if (finalizers.includes(ORPHAN_FINALIZER)) return ORPHAN_FINALIZER;
  if (finalizers.includes(FOREGROUND_FINALIZER)) return FOREGROUND_FINALIZER;
  return undefined;
}
