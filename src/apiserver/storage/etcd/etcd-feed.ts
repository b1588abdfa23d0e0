import { StorageError } from '../errors.js';
import { History } from '../history.js';
import { HistoryWatcher, wakeAll } from '../history-watcher.js';
import type { WatchSource } from '../history-watcher.js';
import { WatchStream } from './watch-stream.js';

export interface FeedOptions {
  readonly url: string;
  /** The etcd key range, base64 as the gateway wants it. */
  readonly range: { readonly key: string; readonly range_end: string };
  /** Deliver changes after this revision. */
  readonly from: number;
  readonly keyOf: (etcdKey: string) => string;
  readonly historyLimit: number;
  /** Close the etcd stream when the last watcher leaves (a feed opened for one replay). */
  readonly closeWhenIdle: boolean;
}

/**
 * One etcd watch stream, read as fast as etcd sends, into a bounded history that any number of
 * HistoryWatchers read from: etcd sees one watch however many clients watch (the role of
 * kube-apiserver's cacher), and each client costs one JSON.parse per event it receives.
 */
export class EtcdFeed implements WatchSource {
  readonly wakers = new Set<() => void>();
  readonly history: History;
  failure: StorageError | undefined;
  private readonly watchers = new Set<HistoryWatcher>();
  private closed = false;

  private constructor(
    private readonly stream: WatchStream,
    private readonly options: FeedOptions,
  ) {
    this.history = new History(options.historyLimit, options.from);
  }

  static async open(options: FeedOptions): Promise<EtcdFeed> {
    const { range, from } = options;
    const request = { create_request: { ...range, prev_kv: true, start_revision: String(from + 1) } };
    const feed = new EtcdFeed(await WatchStream.open(options.url, request, options.keyOf), options);
    void feed.pump();
    return feed;
  }

  /** Whether a watch from `revision` can be served from this feed's history. */
  covers(revision: number): boolean {
    return !this.closed && !this.failure && revision >= this.history.compacted;
  }

  get usable(): boolean {
    return !this.closed && !this.failure;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  watch(prefix: string, from: number): HistoryWatcher {
    const watcher = new HistoryWatcher(this, prefix, from);
    this.watchers.add(watcher);
    return watcher;
  }

  forget(watcher: HistoryWatcher): void {
    this.watchers.delete(watcher);
    if (this.options.closeWhenIdle && this.watchers.size === 0) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const watcher of [...this.watchers]) watcher.close();
    this.stream.close();
    wakeAll(this.wakers);
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        for (const change of await this.stream.read()) this.history.push(change);
        wakeAll(this.wakers);
      }
    } catch (err) {
      if (this.closed) return;
      this.failure = err instanceof StorageError ? err : new StorageError('Unavailable', 'etcd watch failed');
      this.stream.close();
      wakeAll(this.wakers);
    }
  }
}
