import { randomUUID } from 'node:crypto';
import type {
  ApiClient,
  DeleteOptions,
  DiscoveredResource,
  ListOptions,
  PatchOptions,
  WatchHandle,
  WatchOptions,
} from './api-client.js';
import { ApiStatusError } from './errors.js';
import { FakeEventLog } from './fake-event-log.js';
import { apiVersionOf, KINDS, kindId, type ResourceKind } from './kinds.js';
import { mergePatch } from './merge-patch.js';
import { keyOf, type KubeObject, type ListResult, type WatchEvent } from './types.js';

/**
 * An in-memory ApiClient with the API server semantics controllers depend on: resourceVersions,
 * optimistic concurrency, generation bumps on spec changes, status kept apart from spec writes,
 * finalizers (for Namespaces also spec.finalizers), pods/binding, and watches (fake-event-log.ts).
 * Merge and strategic patches both apply as JSON merge patches; selectors are not evaluated.
 * `writes` records every successful write for assertions.
 */

export interface FakeWrite {
  readonly verb: 'create' | 'update' | 'updateStatus' | 'patch' | 'delete';
  readonly kind: string;
  readonly key: string;
  readonly object?: KubeObject;
}

export class FakeApiClient implements ApiClient {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly log = new FakeEventLog();
  private revision = 1;
  readonly writes: FakeWrite[] = [];

  private table(kind: ResourceKind): Map<string, KubeObject> {
    let table = this.objects.get(kindId(kind));
    if (!table) this.objects.set(kindId(kind), (table = new Map()));
    return table;
  }

  async get<T extends KubeObject>(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    const obj = this.table(kind).get(namespace && kind.namespaced ? `${namespace}/${name}` : name);
    if (!obj) throw notFound(kind, name);
    return structuredClone(obj) as T;
  }

  async list<T extends KubeObject>(kind: ResourceKind, options: ListOptions = {}): Promise<ListResult<T>> {
    const items = [...this.table(kind).values()].filter(
      (o) => !options.namespace || o.metadata.namespace === options.namespace,
    );
    return { items: structuredClone(items) as T[], resourceVersion: String(this.revision) };
  }

  async create<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T> {
    const next = structuredClone({ ...obj, apiVersion: apiVersionOf(kind), kind: kind.kind });
    const meta = next.metadata;
    meta.name ||= `${meta.generateName ?? ''}${randomUUID().slice(0, 5)}`;
    if (this.table(kind).has(keyOf(next)))
      throw new ApiStatusError(409, 'AlreadyExists', `${kind.plural} "${meta.name}" already exists`);
    Object.assign(meta, { uid: randomUUID(), generation: 1, creationTimestamp: new Date().toISOString() });
    return this.store(kind, next, 'ADDED', 'create') as T;
  }

  async update<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T> {
    const current = this.current(kind, obj);
    const next = structuredClone({ ...obj, status: current['status'] ?? obj['status'] });
    if (JSON.stringify(next['spec']) !== JSON.stringify(current['spec']))
      next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    return this.write(kind, current, next, 'update');
  }

  async updateStatus<T extends KubeObject>(kind: ResourceKind, obj: T): Promise<T> {
    const current = this.current(kind, obj);
    const next = { ...structuredClone(current), status: structuredClone(obj['status']) } as unknown as T;
    return this.write(kind, current, next, 'updateStatus');
  }

  async patch<T extends KubeObject>(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<T> {
    if (options.type === 'json')
      throw new ApiStatusError(415, 'UnsupportedMediaType', 'the fake applies merge patches only');
    const current = await this.get<T>(kind, namespace, name);
    const next = mergePatch(current, patch) as T;
    if (options.subresource === 'status')
      return this.write(kind, current, { ...current, status: next['status'] }, 'patch');
    if (JSON.stringify(next['spec']) !== JSON.stringify(current['spec']))
      next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    return this.write(kind, this.current(kind, next), next, 'patch');
  }

  async bindPod(namespace: string, name: string, nodeName: string): Promise<void> {
    const pod = await this.get<KubeObject & { spec?: { nodeName?: string } }>(KINDS.pod, namespace, name);
    const bound = pod.spec?.nodeName;
    if (bound && bound !== nodeName)
      throw new ApiStatusError(409, 'Conflict', `pod ${name} is already assigned to node "${bound}"`);
    this.write(KINDS.pod, this.current(KINDS.pod, pod), { ...pod, spec: { ...pod.spec, nodeName } }, 'patch');
  }

  async delete(
    kind: ResourceKind,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<void> {
    const current = await this.get(kind, namespace, name);
    if (options.preconditions?.uid && options.preconditions.uid !== current.metadata.uid) {
      throw new ApiStatusError(
        409,
        'Conflict',
        `Precondition failed: UID in precondition: ${options.preconditions.uid}`,
      );
    }
    if (finalizersOf(kind, current).length > 0) {
      current.metadata.deletionTimestamp ??= new Date().toISOString();
      if (kind === KINDS.namespace) current['status'] = { phase: 'Terminating' };
      this.store(kind, current, 'MODIFIED', 'delete');
      return;
    }
    this.remove(kind, current);
  }

  async deleteCollection(kind: ResourceKind, namespace: string, options: DeleteOptions = {}): Promise<void> {
    for (const obj of (await this.list(kind, { namespace })).items)
      await this.delete(kind, namespace, obj.metadata.name!, options);
  }

  watch(kind: ResourceKind, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle {
    const from = Number(options.resourceVersion || this.revision);
    return this.log.watch(kindId(kind), options.namespace, from, onEvent);
  }

  async discover(): Promise<DiscoveredResource[]> {
    const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    return Object.values(KINDS).map((k) => ({ ...k, verbs }));
  }

  /** Puts an object in place as it is (fixtures): no metadata defaulting beyond a uid. */
  seed<T extends KubeObject>(kind: ResourceKind, obj: T): T {
    const next = structuredClone(obj);
    next.metadata.uid ??= randomUUID();
    return this.store(kind, next, 'ADDED') as T;
  }

  /** Forgets the history: watches from older versions get 410 Expired. */
  compact(): void {
    this.log.compact(this.revision);
  }

  /** Breaks every open watch, as an API server restart does. */
  breakWatches(): void {
    this.log.breakAll();
  }

  private current(kind: ResourceKind, obj: KubeObject): KubeObject {
    const current = this.table(kind).get(keyOf(obj));
    if (!current) throw notFound(kind, obj.metadata.name ?? '');
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) {
      throw new ApiStatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${kind.plural} "${obj.metadata.name}": the object has been modified`,
      );
    }
    return current;
  }

  private write<T extends KubeObject>(
    kind: ResourceKind,
    current: KubeObject,
    next: T,
    verb: FakeWrite['verb'],
  ): T {
    next.metadata = {
      ...next.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
    };
    if (next.metadata.deletionTimestamp && finalizersOf(kind, next).length === 0) {
      this.remove(kind, next);
      return next;
    }
    if (
      JSON.stringify({ ...next, metadata: { ...next.metadata, resourceVersion: '' } }) ===
      JSON.stringify({ ...current, metadata: { ...current.metadata, resourceVersion: '' } })
    ) {
      return structuredClone(current) as T;
    }
    return this.store(kind, next, 'MODIFIED', verb);
  }

  private store<T extends KubeObject>(
    kind: ResourceKind,
    obj: T,
    type: 'ADDED' | 'MODIFIED',
    verb?: FakeWrite['verb'],
  ): T {
    obj.metadata.resourceVersion = String(++this.revision);
    this.table(kind).set(keyOf(obj), obj);
    this.publish(kind, type, obj);
    if (verb) this.writes.push({ verb, kind: kindId(kind), key: keyOf(obj), object: structuredClone(obj) });
    return structuredClone(obj);
  }

  private remove(kind: ResourceKind, obj: KubeObject): void {
    this.table(kind).delete(keyOf(obj));
    const gone = {
      ...structuredClone(obj),
      metadata: { ...obj.metadata, resourceVersion: String(++this.revision) },
    };
    this.publish(kind, 'DELETED', gone);
    this.writes.push({ verb: 'delete', kind: kindId(kind), key: keyOf(obj) });
  }

  private publish(kind: ResourceKind, type: WatchEvent['type'], obj: KubeObject): void {
    this.log.publish(this.revision, kindId(kind), { type, object: obj });
  }
}

/** Namespaces also wait for `spec.finalizers` (the namespace controller's "kubernetes"). */
function finalizersOf(kind: ResourceKind, obj: KubeObject): string[] {
  const spec =
    kind === KINDS.namespace
      ? ((obj['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [])
      : [];
  return [...(obj.metadata.finalizers ?? []), ...spec];
}

function notFound(kind: ResourceKind, name: string): ApiStatusError {
  return new ApiStatusError(404, 'NotFound', `${kind.plural} "${name}" not found`);
}
