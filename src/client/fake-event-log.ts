import type { WatchHandle } from './api-client.js';
import { ApiTransportError } from './errors.js';
import type { WatchEvent } from './types.js';

/**
 * The watch side of FakeApiClient: every change is kept with its revision, so a watch from an
 * older revision replays what it missed (as etcd's history does for the API server), until
 * `compact()` forgets it and such a watch gets 410 Expired. `breakAll()` drops every open watch,
 * as an API server restart does.
 */

interface Watcher {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly onEvent: (event: WatchEvent) => void;
  readonly end: (err?: Error) => void;
}

export class FakeEventLog {
  private readonly history: { revision: number; kind: string; event: WatchEvent }[] = [];
  private readonly watchers = new Set<Watcher>();
  private compacted = 0;

  publish(revision: number, kind: string, event: WatchEvent): void {
    this.history.push({ revision, kind, event: structuredClone(event) });
    for (const w of this.watchers) if (wants(w, kind, event)) w.onEvent(structuredClone(event));
  }

  watch(
    kind: string,
    namespace: string | undefined,
    from: number,
    onEvent: (event: WatchEvent) => void,
  ): WatchHandle {
    let end: (err?: Error) => void = () => {};
    const done = new Promise<void>((resolve, reject) => (end = (err) => (err ? reject(err) : resolve())));
    const watcher: Watcher = { kind, namespace, onEvent, end };
    // Events start after the caller has the handle, as with a real stream.
    queueMicrotask(() => {
      if (from < this.compacted) {
        onEvent({ type: 'ERROR', object: { metadata: {}, kind: 'Status', code: 410, reason: 'Expired' } });
        return;
      }
      for (const h of this.history) {
        if (h.revision > from && wants(watcher, h.kind, h.event)) onEvent(structuredClone(h.event));
      }
      this.watchers.add(watcher);
    });
    return {
      stop: () => {
        this.watchers.delete(watcher);
        end();
      },
      done,
    };
  }

  compact(revision: number): void {
    this.compacted = revision;
    this.history.length = 0;
  }

  breakAll(): void {
    for (const w of this.watchers) w.end(new ApiTransportError('connection reset'));
    this.watchers.clear();
  }
}

const wants = (w: Watcher, kind: string, event: WatchEvent): boolean =>
  w.kind === kind && (!w.namespace || event.object.metadata.namespace === w.namespace);
