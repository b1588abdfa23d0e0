import type { StorageError } from './errors.js';
import { expired } from './errors.js';
import type { Change, History } from './history.js';
import type { WatchEvent, Watcher } from './types.js';
import { decodeValue } from './values.js';

/** What a watcher reads from: a history that grows, and a way to wait for it to grow. */
export interface WatchSource {
  readonly history: History;
  /** One-shot callbacks to run when the history grows, fails, or the source closes. */
  readonly wakers: Set<() => void>;
  /** Set once the source cannot go on: watchers end with it after the changes they still have. */
  readonly failure: StorageError | undefined;
  forget(watcher: HistoryWatcher): void;
}

const DONE: IteratorResult<WatchEvent> = { done: true, value: undefined };

/**
 * A watcher is only a cursor into a shared history: it holds no queue, so a burst of writes costs
 * each watcher nothing until it pulls, replay and live delivery are the same loop, and gaps or
 * duplicates cannot arise. A consumer that lags behind the whole history gets 'Expired', as a
 * slow etcd watcher gets compacted and kube-apiserver's cacher drops a watcher that falls behind.
 */
export class HistoryWatcher implements Watcher {
  /** The sequence number (see History) of the next change to look at. */
  private seq: number;
  /** The revision of the last change delivered (or the starting revision). */
  private position: number;
  private closed = false;
  private wake: (() => void) | undefined;
  private pulling: Promise<IteratorResult<WatchEvent>> = Promise.resolve(DONE);

  constructor(
    private readonly source: WatchSource,
    private readonly prefix: string,
    /** Deliver changes above this revision. */
    private readonly from: number,
  ) {
    this.seq = source.history.seqAfter(from);
    this.position = from;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<WatchEvent>> {
    // Serialized so that concurrent next() calls cannot hand out the same change twice.
    this.pulling = this.pulling.then(
      () => this.pull(),
      () => this.pull(),
    );
    return this.pulling;
  }

  async return(): Promise<IteratorResult<WatchEvent>> {
    this.close();
    return DONE;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.source.forget(this);
    const wake = this.wake;
    this.wake = undefined;
    if (wake) {
      this.source.wakers.delete(wake);
      wake();
    }
  }

  private async pull(): Promise<IteratorResult<WatchEvent>> {
    for (;;) {
      if (this.closed) return DONE;
      const change = this.nextMatching();
      if (change) return { done: false, value: toWatchEvent(change) };
      if (this.source.failure) {
        this.close();
        throw this.source.failure;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.source.wakers.add(resolve);
      });
    }
  }

  private nextMatching(): Change | undefined {
    const { history } = this.source;
    if (this.seq < history.firstSeq) {
      const err = expired(this.position, history.compacted);
      this.close();
      throw err;
    }
    while (this.seq < history.endSeq) {
      const change = history.bySeq(this.seq++);
      // A feed may still bring changes from before a watcher's start (etcd: the watcher started at
      // the cluster's current revision while the feed was catching up to it).
      if (change.revision <= this.from || !change.key.startsWith(this.prefix)) continue;
      this.position = change.revision;
      return change;
    }
    return undefined;
  }
}

/** Wakes every waiting watcher; each then reads what it has not seen yet. */
export function wakeAll(wakers: Set<() => void>): void {
  for (const wake of wakers) wake();
  wakers.clear();
}

function toWatchEvent(change: Change): WatchEvent {
  const { type, key, revision, text, prev } = change;
  if (type === 'DELETED') return { type, key, revision, value: prev ? decodeValue(prev.text) : null };
  const value = decodeValue(text!);
  if (type === 'MODIFIED' && prev) return { type, key, revision, value, prevValue: decodeValue(prev.text) };
  return { type, key, revision, value };
}
