import type { Store, WatchEvent as StoreEvent } from '../storage/types.js';
import type { KubeObject, ResourceType } from '../resources/types.js';
import { listPrefix } from './keys.js';
import { withResourceVersion } from './meta.js';
import type { ObjectFilter } from './filter.js';

export interface ObjectEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
}

export interface ObjectWatch {
  readonly events: AsyncIterable<ObjectEvent>;
  close(): void;
}

/**
 * A Kubernetes watch over the store. Without a resourceVersion (or "0") it starts with an ADDED
 * event for every existing object, then goes live from the revision of that listing, so nothing is
 * missed in between. With selectors, an object that stops matching arrives as DELETED and one that
 * starts matching as ADDED, as kube-apiserver's watch cache does.
 */
export async function watchObjects(
  store: Store,
  resource: ResourceType,
  namespace: string | undefined,
  filter: ObjectFilter,
  fromRevision: number | undefined,
): Promise<ObjectWatch> {
  const prefix = listPrefix(resource, namespace);
  let initial: ObjectEvent[] = [];
  let start = fromRevision;
  if (start === undefined || start === 0) {
    const listed = await store.list(prefix);
    initial = listed.items
      .map((kv) => withResourceVersion(kv.value, kv.revision))
      .filter(filter)
      .map((object) => ({ type: 'ADDED', object }));
    start = listed.revision;
  }
  const watcher = await store.watch(prefix, { fromRevision: start });
  async function* events(): AsyncGenerator<ObjectEvent> {
    yield* initial;
    for await (const event of watcher) {
      const translated = translate(event, filter);
      if (translated) yield translated;
    }
  }
  return { events: events(), close: () => watcher.close() };
}

function translate(event: StoreEvent, filter: ObjectFilter): ObjectEvent | undefined {
  const object = withResourceVersion(event.value, event.revision);
  const matches = filter(object);
  if (event.type !== 'MODIFIED') return matches ? { type: event.type, object } : undefined;
  const before = event.prevValue === undefined ? matches : filter(event.prevValue as KubeObject);
  if (matches && before) return { type: 'MODIFIED', object };
  if (matches) return { type: 'ADDED', object };
  if (before) return { type: 'DELETED', object };
  return undefined;
}
