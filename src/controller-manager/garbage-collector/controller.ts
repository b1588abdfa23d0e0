import { isNotFound } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import { KINDS, kindId, type ResourceKind } from '../../client/kinds.js';
import { keyOf, type KubeObject } from '../../client/types.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { decide, FOREGROUND_FINALIZER, ORPHAN_FINALIZER, pendingFinalizer, type GcAction } from './decide.js';
import { DependentsIndex } from './dependents-index.js';
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
 * Work items are `<kind id>|<namespace>/<name>`.
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
  return new GarbageCollector(deps).controller;
}

const itemKey = (kind: ResourceKind, obj: KubeObject): string => `${kindId(kind)}|${keyOf(obj)}`;
const hasOwners = (obj: KubeObject): boolean => (obj.metadata.ownerReferences ?? []).length > 0;

class GarbageCollector {
  readonly controller: Controller;
  private readonly caches: Map<string, Informer<KubeObject>>;
  private readonly lookup: OwnerLookup;
  private readonly dependents = new DependentsIndex();

  constructor(private readonly deps: ControllerDeps) {
    this.caches = new Map(GC_KINDS.map((k) => [kindId(k), deps.informers.for<KubeObject>(k)]));
    this.lookup = new OwnerLookup(deps.client, this.caches);
    this.controller = new Controller('garbage-collector', (item) => this.reconcile(item), deps.log, {
      workers: 4,
      resyncMs: 60_000,
      keys: () =>
        GC_KINDS.flatMap((k) =>
          this.cache(k)
            .list(hasOwners)
            .map((o) => itemKey(k, o)),
        ),
    });
    for (const kind of GC_KINDS) this.watch(kind);
  }

  private async reconcile(item: string) {
    const found = this.resolve(item);
    if (!found) return undefined;
    const { kind, obj } = found;
    const finalizer = pendingFinalizer(obj);
    if (finalizer && !(await this.finishOwner(kind, obj, finalizer)))
      return { requeueAfterMs: FOREGROUND_POLL_MS };
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return undefined;
    const states = await Promise.all(refs.map((ref) => this.lookup.stateOf(obj, ref)));
    await this.act(
      kind,
      obj,
      decide(refs, (ref) => states[refs.indexOf(ref)]!),
    );
    return undefined;
  }

  private async act(kind: ResourceKind, obj: KubeObject, action: GcAction): Promise<void> {
    if (action.type === 'removeRefs') return this.removeRefs(kind, obj, action.uids);
    if (action.type !== 'delete' || obj.metadata.deletionTimestamp) return;
    const { namespace, name, uid } = obj.metadata;
    try {
      const options = { preconditions: { uid: uid! }, propagationPolicy: action.propagationPolicy };
      await this.deps.client.delete(kind, namespace, name!, options);
      this.log(`deleted ${kindId(kind)} ${keyOf(obj)}: all owners are gone`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async removeRefs(kind: ResourceKind, obj: KubeObject, uids: readonly string[]): Promise<void> {
    const ownerReferences = (obj.metadata.ownerReferences ?? []).filter((r) => !uids.includes(r.uid));
    await this.deps.client.update(kind, { ...obj, metadata: { ...obj.metadata, ownerReferences } });
    this.log(`removed owner references ${uids.join(', ')} from ${kindId(kind)} ${keyOf(obj)}`);
  }

  /** Orphan: release every dependent; Foreground: wait for them; then the finalizer goes. */
  private async finishOwner(kind: ResourceKind, owner: KubeObject, finalizer: string): Promise<boolean> {
    const items = this.dependents.of(owner.metadata.uid!).map((i) => this.resolve(i));
    const present = items.filter((x) => x !== undefined);
    if (finalizer === ORPHAN_FINALIZER) {
      for (const d of present) await this.removeRefs(d.kind, d.obj, [owner.metadata.uid!]);
    } else if (present.length > 0) return false;
    const finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    await this.deps.client.update(kind, { ...owner, metadata: { ...owner.metadata, finalizers } });
    this.log(
      `${finalizer === ORPHAN_FINALIZER ? 'orphaned' : 'deleted'} the dependents of ${kindId(kind)} ${keyOf(owner)}`,
    );
    return true;
  }

  private watch(kind: ResourceKind): void {
    const enqueueIfInteresting = (obj: KubeObject): void => {
      if (hasOwners(obj) || pendingFinalizer(obj)) this.controller.enqueue(itemKey(kind, obj));
    };
    this.cache(kind).addHandlers({
      add: (obj) => {
        this.dependents.add(itemKey(kind, obj), obj);
        enqueueIfInteresting(obj);
      },
      update: (old, obj) => {
        this.dependents.remove(itemKey(kind, old), old);
        this.dependents.add(itemKey(kind, obj), obj);
        enqueueIfInteresting(obj);
        // A foreground owner waits for this one: tell it when this one is going.
        if (obj.metadata.deletionTimestamp) this.enqueueWaitingOwners(obj);
      },
      delete: (obj) => {
        this.dependents.remove(itemKey(kind, obj), obj);
        this.dependents.of(obj.metadata.uid!).forEach((d) => this.controller.enqueue(d));
        this.enqueueWaitingOwners(obj);
      },
    });
  }

  private enqueueWaitingOwners(dependent: KubeObject): void {
    const uids = new Set((dependent.metadata.ownerReferences ?? []).map((r) => r.uid));
    if (uids.size === 0) return;
    for (const kind of GC_KINDS) {
      const waiting = (o: KubeObject) =>
        uids.has(o.metadata.uid!) && pendingFinalizer(o) === FOREGROUND_FINALIZER;
      this.cache(kind)
        .list(waiting)
        .forEach((o) => this.controller.enqueue(itemKey(kind, o)));
    }
  }

  private resolve(item: string): { kind: ResourceKind; obj: KubeObject } | undefined {
    const [id, key] = item.split('|') as [string, string];
    const kind = GC_KINDS.find((k) => kindId(k) === id);
    const obj = kind ? this.cache(kind).get(key) : undefined;
    return kind && obj ? { kind, obj } : undefined;
  }

  private cache(kind: ResourceKind): Informer<KubeObject> {
    return this.caches.get(kindId(kind))!;
  }

  private log(line: string): void {
    this.deps.log(`garbage-collector: ${line}`);
  }
}
