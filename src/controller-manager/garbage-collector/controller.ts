import { isNotFound } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import { KINDS, kindId, type ResourceKind } from '../../client/kinds.js';
import { keyOf, type KubeObject } from '../../client/types.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { decide, FOREGROUND_FINALIZER, ORPHAN_FINALIZER, pendingFinalizer, type GcAction } from './decide.js';
import { OwnerLookup } from './owner-lookup.js';

/**
 * The garbage collector: objects whose owners (ownerReferences, by uid) are all gone are deleted,
 * so deleting a Deployment removes its ReplicaSets, whose removal removes their pods. Owners being
 * deleted with the `orphan` finalizer have their dependents released (references removed) first;
 * with `foregroundDeletion` they wait until their dependents are gone. Our API server does not add
 * these finalizers from a DELETE's propagationPolicy (kube-apiserver does), so a client has to set
 * them itself; without them every deletion is a background deletion.
 * Kubernetes watches every resource type; we watch the kinds that have owners in a cluster built
 * by these controllers (GC_KINDS), and a resync catches owners of other kinds being deleted.
 */

export const GC_KINDS: readonly ResourceKind[] = [
  KINDS.pod,
  KINDS.replicaSet,
  KINDS.deployment,
  KINDS.daemonSet,
  KINDS.endpointSlice,
  KINDS.service,
];

const FOREGROUND_POLL_MS = 1000;

export function garbageCollector(deps: ControllerDeps): Controller {
  const caches = new Map<string, Informer<KubeObject>>(
    GC_KINDS.map((k) => [kindId(k), deps.informers.for<KubeObject>(k)]),
  );
  const lookup = new OwnerLookup(deps.client, caches);
  const dependents = new Map<string, Set<string>>(); // owner uid -> item keys
  const log = (line: string): void => deps.log(`garbage-collector: ${line}`);
  const itemKey = (kind: ResourceKind, obj: KubeObject) => `${kindId(kind)}|${keyOf(obj)}`;

  const index = (item: string, obj: KubeObject, add: boolean): void => {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = dependents.get(ref.uid) ?? new Set<string>();
      if (add) set.add(item);
      else set.delete(item);
      if (set.size > 0) dependents.set(ref.uid, set);
      else dependents.delete(ref.uid);
    }
  };

  const resolve = (item: string): { kind: ResourceKind; obj: KubeObject } | undefined => {
    const [id, key] = item.split('|') as [string, string];
    const kind = GC_KINDS.find((k) => kindId(k) === id);
    const obj = kind ? caches.get(id)?.get(key) : undefined;
    return kind && obj ? { kind, obj } : undefined;
  };

  const act = async (kind: ResourceKind, obj: KubeObject, action: GcAction): Promise<void> => {
    const { namespace, name, uid } = obj.metadata;
    if (action.type === 'delete' && !obj.metadata.deletionTimestamp) {
      try {
        await deps.client.delete(kind, namespace, name!, {
          preconditions: { uid: uid! },
          propagationPolicy: action.propagationPolicy,
        });
        log(`deleted ${kindId(kind)} ${keyOf(obj)}: all owners are gone`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    if (action.type === 'removeRefs') await removeRefs(kind, obj, action.uids);
  };

  const removeRefs = async (kind: ResourceKind, obj: KubeObject, uids: readonly string[]): Promise<void> => {
    const ownerReferences = (obj.metadata.ownerReferences ?? []).filter((r) => !uids.includes(r.uid));
    await deps.client.update(kind, { ...obj, metadata: { ...obj.metadata, ownerReferences } });
    log(`removed owner references ${uids.join(', ')} from ${kindId(kind)} ${keyOf(obj)}`);
  };

  /** Orphan: release every dependent; Foreground: wait for them; then the finalizer goes. */
  const finishOwner = async (kind: ResourceKind, owner: KubeObject, finalizer: string): Promise<boolean> => {
    const items = [...(dependents.get(owner.metadata.uid!) ?? [])]
      .map(resolve)
      .filter((x) => x !== undefined);
    if (finalizer === ORPHAN_FINALIZER)
      for (const d of items) await removeRefs(d.kind, d.obj, [owner.metadata.uid!]);
    else if (items.length > 0) return false;
    const finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    await deps.client.update(kind, { ...owner, metadata: { ...owner.metadata, finalizers } });
    log(
      `${finalizer === ORPHAN_FINALIZER ? 'orphaned' : 'deleted'} the dependents of ${kindId(kind)} ${keyOf(owner)}`,
    );
    return true;
  };

  const reconcile = async (item: string) => {
    const found = resolve(item);
    if (!found) return undefined;
    const { kind, obj } = found;
    const finalizer = pendingFinalizer(obj);
    if (finalizer && !(await finishOwner(kind, obj, finalizer)))
      return { requeueAfterMs: FOREGROUND_POLL_MS };
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return undefined;
    const states = await Promise.all(refs.map((ref) => lookup.stateOf(obj, ref)));
    await act(
      kind,
      obj,
      decide(refs, (ref) => states[refs.indexOf(ref)]!),
    );
    return undefined;
  };

  const controller = new Controller('garbage-collector', reconcile, deps.log, {
    workers: 4,
    resyncMs: 60_000,
    keys: () =>
      GC_KINDS.flatMap((k) =>
        caches
          .get(kindId(k))!
          .list((o) => (o.metadata.ownerReferences ?? []).length > 0)
          .map((o) => itemKey(k, o)),
      ),
  });
  const interesting = (obj: KubeObject) =>
    (obj.metadata.ownerReferences ?? []).length > 0 || pendingFinalizer(obj) !== undefined;
  for (const kind of GC_KINDS) {
    caches.get(kindId(kind))!.addHandlers({
      add: (obj) => {
        index(itemKey(kind, obj), obj, true);
        if (interesting(obj)) controller.enqueue(itemKey(kind, obj));
      },
      update: (old, obj) => {
        index(itemKey(kind, old), old, false);
        index(itemKey(kind, obj), obj, true);
        if (interesting(obj)) controller.enqueue(itemKey(kind, obj));
        // A foreground owner waits for this one: tell it when this one is going.
        if (obj.metadata.deletionTimestamp) obj.metadata.ownerReferences?.forEach((r) => enqueueOwner(r.uid));
      },
      delete: (obj) => {
        index(itemKey(kind, obj), obj, false);
        dependents.get(obj.metadata.uid!)?.forEach((d) => controller.enqueue(d));
        obj.metadata.ownerReferences?.forEach((r) => enqueueOwner(r.uid));
      },
    });
  }
  const enqueueOwner = (uid: string): void => {
    for (const kind of GC_KINDS) {
      const owner = caches
        .get(kindId(kind))!
        .list((o) => o.metadata.uid === uid && pendingFinalizer(o) === FOREGROUND_FINALIZER)[0];
      if (owner) controller.enqueue(itemKey(kind, owner));
    }
  };
  return controller;
}
