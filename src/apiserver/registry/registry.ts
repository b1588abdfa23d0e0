import type { Store } from '../storage/types.js';
import { sleep } from '../../lib/concurrency.js';
import { isStorageError } from '../storage/errors.js';
import { type FieldCause, type KubeObject, type ResourceType } from '../resources/types.js';
import {
  alreadyExists,
  badRequest,
  conflict as conflictError,
  forbidden,
  invalid,
  notFound as notFoundError,
  type ApiError,
} from '../machinery/status.js';
import { objectKey, listPrefix } from './keys.js';
import {
  forStorage,
  metaOf,
  parseResourceVersion,
  prepareCreate,
  prepareUpdate,
  timestamp,
  withResourceVersion,
} from './meta.js';
import type { ObjectFilter } from './filter.js';
import type { RegistryHooks } from './hooks.js';

/**
 * The object layer between HTTP handlers and storage: Kubernetes semantics for create, update,
 * delete and list of any resource type (metadata ownership, status subresources, optimistic
 * concurrency, no-op writes that keep the resourceVersion), over the generic Store.
 */

export interface RegistryDeps {
  readonly store: Store;
  readonly hooks?: RegistryHooks;
  readonly now?: () => Date;
}

export interface Target {
  readonly resource: ResourceType;
  readonly namespace?: string;
  readonly name: string;
}

export interface DeleteOptions {
  readonly preconditions?: { uid?: string; resourceVersion?: string };
  readonly gracePeriodSeconds?: number;
  /** Orphan and Foreground hold the object with a finalizer for the garbage collector; Background does not. */
  readonly propagationPolicy?: 'Orphan' | 'Foreground' | 'Background';
}

/** The finalizers kube-apiserver adds for each propagation policy (the garbage collector removes them). */
const POLICY_FINALIZER = { Orphan: 'orphan', Foreground: 'foregroundDeletion' } as const;

export interface ListPage {
  readonly items: KubeObject[];
  readonly resourceVersion: string;
  readonly continue?: string;
}

/** How many times an update without a client-supplied resourceVersion retries after a lost race. */
const RETRIES = 12;

export class Registry {
  private readonly now: () => Date;

  constructor(private readonly deps: RegistryDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get store(): Store {
    return this.deps.store;
  }

  async get(target: Target): Promise<KubeObject> {
    const stored = await this.deps.store.get(objectKey(target.resource, target.namespace, target.name));
    if (!stored) throw notFound(target);
    return withResourceVersion(stored.value, stored.revision);
  }

  async list(
    resource: ResourceType,
    namespace: string | undefined,
    filter: ObjectFilter,
    page: { limit?: number; continue?: string },
  ): Promise<ListPage> {
    const prefix = listPrefix(resource, namespace);
    const items: KubeObject[] = [];
    let token = page.continue;
    let revision = 0;
    // Filters apply after paging in storage, so keep reading pages until the limit is met.
    for (;;) {
      const want = page.limit ? page.limit - items.length : undefined;
      const result = await this.storeCall(() =>
        this.deps.store.list(prefix, {
          ...(want ? { limit: want } : {}),
          ...(token ? { continue: token } : {}),
        }),
      );
      revision = result.revision;
      for (const kv of result.items) {
        const obj = withResourceVersion(kv.value, kv.revision);
        if (filter(obj)) items.push(obj);
      }
      token = result.continue;
      if (!token || (page.limit && items.length >= page.limit)) break;
    }
    return { items, resourceVersion: String(revision), ...(token ? { continue: token } : {}) };
  }

  async create(
    resource: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
    options: { dryRun?: boolean } = {},
  ): Promise<KubeObject> {
    const obj = structuredClone(body);
    const meta = metaOf(obj);
    if (resource.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace!;
    } else {
      delete meta.namespace;
    }
    if (!meta.name && !meta.generateName) {
      throw this.invalid(resource, obj, [
        { type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' },
      ]);
    }
    prepareCreate(obj, resource, this.now());
    await this.checkNamespace(resource, namespace);
    resource.applyDefaults?.(obj);
    // As kube-apiserver: validate what the client sent, then let admission allocate (ClusterIPs, ...).
    this.validate(resource, obj, 'create');
    await this.deps.hooks?.beforeCreate?.(resource, obj);
    const target = { resource, namespace, name: meta.name! };
    if (options.dryRun) {
      // Everything but the write: what was allocated for the answer goes back to the pools.
      await this.deps.hooks?.afterDelete?.(resource, obj);
      return obj;
    }
    const revision = await this.storeCall(
      () => this.deps.store.create(objectKey(resource, namespace, meta.name!), forStorage(obj)),
      target,
    );
    return withResourceVersion(obj, revision);
  }

  /**
   * PUT semantics. `mutate` computes the next object from the current one (a PUT body, a patch, a
   * status write). A client-supplied resourceVersion must match; without one, lost races retry.
   */
  async update(
    target: Target,
    mutate: (current: KubeObject) => KubeObject,
    options: { subresource?: string; internal?: boolean; skipValidation?: boolean; dryRun?: boolean } = {},
  ): Promise<KubeObject> {
    const { resource } = target;
    for (let attempt = 0; ; attempt++) {
      const key = objectKey(resource, target.namespace, target.name);
      const stored = await this.deps.store.get(key);
      if (!stored) throw notFound(target);
      const current = withResourceVersion(stored.value, stored.revision);
      const next = this.merge(resource, current, mutate(structuredClone(current)), options);
      const requested = parseResourceVersion(metaOf(next).resourceVersion);
      if (requested !== undefined && requested !== stored.revision) throw conflict(target);
      if (metaOf(next).name !== target.name)
        throw badRequest(
          `the name of the object (${metaOf(next).name}) does not match the name on the URL (${target.name})`,
        );
      // Kubernetes defaults every write, so a patch that turns a Service into a NodePort gets its policies.
      if (options.subresource !== 'status') resource.applyDefaults?.(next);
      await this.deps.hooks?.beforeUpdate?.(resource, next, current);
      if (!options.skipValidation) this.validate(resource, next, 'update', current);
      if (sameObject(next, current)) return current; // a no-op keeps the resourceVersion
      if (options.dryRun) return next;
      if (this.finalized(resource, next)) return this.remove(target, stored.revision, current);
      try {
        const revision = await this.deps.store.update(key, forStorage(next), {
          expectedRevision: stored.revision,
        });
        return withResourceVersion(next, revision);
      } catch (err) {
        if (isStorageError(err, 'Conflict') && requested === undefined && attempt < RETRIES) {
          // The racing write may not be durable (readable) yet: give it time instead of spinning.
          await sleep(Math.min(2 ** attempt, 100));
          continue;
        }
        throw this.translate(err, target);
      }
    }
  }

  /**
   * pods/binding, as the scheduler uses it: sets spec.nodeName once. It bypasses pod validation, which
   * forbids changing spec.nodeName by update; a pod that is already bound is a 409 Conflict.
   */
  async bind(target: Target, nodeName: string): Promise<KubeObject> {
    return this.update(
      target,
      (pod) => {
        const spec = (pod['spec'] ??= {}) as { nodeName?: string };
        if (spec.nodeName && spec.nodeName !== nodeName) {
          throw conflict(target, `pod ${target.name} is already assigned to node "${spec.nodeName}"`);
        }
        spec.nodeName = nodeName;
        setCondition(pod, {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: timestamp(this.now()),
        });
        return pod;
      },
      { skipValidation: true, internal: true },
    );
  }

  /**
   * Deletes now, or marks for deletion (deletionTimestamp) when finalizers remain or a hook asks for a
   * grace period (pods on a node: the kubelet stops them, then deletes with gracePeriodSeconds=0).
   */
  async delete(target: Target, options: DeleteOptions & { dryRun?: boolean } = {}): Promise<KubeObject> {
    const key = objectKey(target.resource, target.namespace, target.name);
    const stored = await this.deps.store.get(key);
    if (!stored) throw notFound(target);
    const current = withResourceVersion(stored.value, stored.revision);
    const meta = metaOf(current);
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== meta.uid) {
      throw conflict(
        target,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`,
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion) throw conflict(target);
    if (options.dryRun) return current;
    const policyFinalizer =
      options.propagationPolicy && options.propagationPolicy !== 'Background'
        ? POLICY_FINALIZER[options.propagationPolicy]
        : undefined;
    const hasFinalizers =
      this.finalizersOf(target.resource, current).length > 0 || policyFinalizer !== undefined;
    const grace =
      options.gracePeriodSeconds ?? (await this.deps.hooks?.gracePeriod?.(target.resource, current)) ?? 0;
    if (!hasFinalizers && grace === 0) return this.remove(target, stored.revision, current);
    if (meta.deletionTimestamp && (meta.deletionGracePeriodSeconds ?? 0) <= grace) return current;
    return this.update(
      target,
      (obj) => {
        const m = metaOf(obj);
        m.deletionTimestamp ??= timestamp(new Date(this.now().getTime() + grace * 1000));
        m.deletionGracePeriodSeconds = grace;
        if (policyFinalizer && !(m.finalizers ?? []).includes(policyFinalizer))
          m.finalizers = [...(m.finalizers ?? []), policyFinalizer];
        this.deps.hooks?.onDeletionRequested?.(target.resource, obj);
        return obj;
      },
      { internal: true },
    );
  }

  private async remove(target: Target, revision: number, current: KubeObject): Promise<KubeObject> {
    const removed = await this.storeCall(
      () =>
        this.deps.store.delete(objectKey(target.resource, target.namespace, target.name), {
          expectedRevision: revision,
        }),
      target,
    );
    const deleted = withResourceVersion(structuredClone(current), removed.revision);
    await this.deps.hooks?.afterDelete?.(target.resource, deleted);
    return deleted;
  }

  private finalizersOf(resource: ResourceType, obj: KubeObject): readonly string[] {
    return [
      ...(metaOf(obj).finalizers ?? []),
      ...(this.deps.hooks?.pendingFinalizers?.(resource, obj) ?? []),
    ];
  }

  /** Marked for deletion, no grace period left and no finalizer: this update completes the deletion. */
  private finalized(resource: ResourceType, obj: KubeObject): boolean {
    const meta = metaOf(obj);
    return (
      meta.deletionTimestamp !== undefined &&
      (meta.deletionGracePeriodSeconds ?? 0) === 0 &&
      this.finalizersOf(resource, obj).length === 0
    );
  }

  /** Status writes change only status; main-resource writes keep status when a status subresource exists. */
  private merge(
    resource: ResourceType,
    current: KubeObject,
    next: KubeObject,
    options: { subresource?: string; internal?: boolean; skipValidation?: boolean },
  ): KubeObject {
    if (options.subresource === 'status') {
      const merged = structuredClone(current);
      merged['status'] = next['status'];
      const requested = metaOf(next).resourceVersion;
      if (requested) metaOf(merged).resourceVersion = requested;
      else delete metaOf(merged).resourceVersion;
      return merged;
    }
    // Clients change status only through /status; the server's own writes (internal) may change it.
    if (resource.subresources.includes('status') && !options.internal) next['status'] = current['status'];
    const { deletionTimestamp, deletionGracePeriodSeconds } = metaOf(next);
    prepareUpdate(next, current, resource);
    if (options.internal) Object.assign(metaOf(next), { deletionTimestamp, deletionGracePeriodSeconds });
    return next;
  }

  private async checkNamespace(resource: ResourceType, namespace: string | undefined): Promise<void> {
    if (!resource.namespaced || !this.deps.hooks?.namespaceState) return;
    const state = await this.deps.hooks.namespaceState(namespace!);
    if (state === 'missing') throw notFoundError('namespaces', '', namespace!);
    if (state === 'terminating') {
      throw forbidden(
        resource.plural,
        resource.group,
        '',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  private validate(resource: ResourceType, obj: KubeObject, op: 'create' | 'update', old?: KubeObject): void {
    const causes = resource.validate?.(obj, op, old) ?? [];
    if (causes.length > 0) throw this.invalid(resource, obj, causes);
  }

  private invalid(resource: ResourceType, obj: KubeObject, causes: FieldCause[]): ApiError {
    return invalid(resource.kind, metaOf(obj).name ?? '', causes, resource.group);
  }

  private async storeCall<T>(fn: () => Promise<T>, target?: Target): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.translate(err, target);
    }
  }

  private translate(err: unknown, target?: Target): unknown {
    if (!isStorageError(err) || !target) return err;
    switch (err.code) {
      case 'NotFound':
        return notFound(target);
      case 'AlreadyExists':
        return alreadyExists(target.resource.plural, target.resource.group, target.name);
      case 'Conflict':
        return conflict(target);
      default:
        return err;
    }
  }
}

function notFound(target: Target): ApiError {
  return notFoundError(target.resource.plural, target.resource.group, target.name);
}

function conflict(target: Target, detail?: string): ApiError {
  return conflictError(target.resource.plural, target.resource.group, target.name, detail);
}

function sameObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) =>
    JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return strip(a) === strip(b);
}

function setCondition(
  obj: KubeObject,
  condition: { type: string; status: string } & Record<string, unknown>,
): void {
  const status = (obj['status'] ??= {}) as { conditions?: { type: string }[] };
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), condition];
}
