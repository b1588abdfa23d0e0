import type { ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import { apiVersionOf, findKnownKind, kindId, type ResourceKind } from '../../client/kinds.js';
import type { KubeObject, OwnerReference } from '../../client/types.js';
import { ownerStateOf, type OwnerState } from './decide.js';

/**
 * Finds the state of an owner. The caches answer "present" at once; "not in the cache" is only a
 * hint (the owner's watch may lag behind the dependent's), so absence is confirmed with a GET
 * before anything is deleted, as the Kubernetes garbage collector does with its live lookups.
 * Confirmed absent uids are remembered (uids never come back). Unknown kinds go through discovery.
 */
export class OwnerLookup {
  private readonly absent = new Set<string>();
  private discovered: ResourceKind[] | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly caches: ReadonlyMap<string, Informer<KubeObject>>,
  ) {}

  async stateOf(dependent: KubeObject, ref: OwnerReference): Promise<OwnerState> {
    if (this.absent.has(ref.uid)) return 'dangling';
    const kind = await this.kindOf(ref);
    if (!kind) return 'solid'; // an owner of a kind the server does not serve cannot be checked: keep
    const namespace = kind.namespaced ? dependent.metadata.namespace : undefined;
    const cached = this.caches.get(kindId(kind))?.get(namespace ? `${namespace}/${ref.name}` : ref.name);
    if (cached?.metadata.uid === ref.uid) return ownerStateOf(cached);
    try {
      const live = await this.client.get(kind, namespace, ref.name);
      if (live.metadata.uid === ref.uid) return ownerStateOf(live);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (this.absent.size > 10_000) this.absent.clear();
    this.absent.add(ref.uid);
    return 'dangling';
  }

  private async kindOf(ref: OwnerReference): Promise<ResourceKind | undefined> {
    const known = findKnownKind(ref.apiVersion, ref.kind);
    if (known) return known;
    this.discovered ??= await this.client.discover();
    return this.discovered.find((k) => apiVersionOf(k) === ref.apiVersion && k.kind === ref.kind);
  }
}
