import type { WatchEventType } from './types.js';

/** A key's stored value: JSON text plus the revision that wrote it. Never mutated once made. */
export interface Entry {
  readonly text: string;
  readonly revision: number;
}

/**
 * One committed change. `text` is the new value (undefined for DELETED); `prev` the value it
 * replaced, when known. Kept as text so each watcher decodes its own copy.
 */
export interface Change {
  readonly type: WatchEventType;
  readonly revision: number;
  readonly key: string;
  readonly text: string | undefined;
  readonly prev: Entry | undefined;
}

/**
 * The most recent changes in revision order, holding between `limit` and 2 x `limit` of them
 * (trimming in halves keeps pushes O(1) amortized). It covers the revisions (compacted, last]:
 * a reader needing a change at or below `compacted` has lost it, which is etcd's "compacted" and
 * Kubernetes' 410 Gone. Revisions may have gaps (etcd's are global to the cluster) and repeats (one
 * etcd transaction deleting several keys), so readers hold a position in the sequence of pushed
 * changes rather than a revision.
 */
export class History {
  private changes: Change[] = [];
  /** The sequence number of changes[0]: how many changes were ever dropped. */
  private base = 0;
  private lastRevision: number;
  private compactedRevision: number;

  constructor(
    private readonly limit: number,
    /** Everything up to this revision is already known (or gone): the history starts after it. */
    start: number,
  ) {
    this.lastRevision = start;
    this.compactedRevision = start;
  }

  /** The newest revision the history is complete up to. */
  get last(): number {
    return this.lastRevision;
  }

  /** Changes after this revision are retained; those up to it are gone. */
  get compacted(): number {
    return this.compactedRevision;
  }

  /** The sequence number of the oldest retained change. */
  get firstSeq(): number {
    return this.base;
  }

  /** The sequence number the next pushed change will get. */
  get endSeq(): number {
    return this.base + this.changes.length;
  }

  /** The change with sequence number `seq`, which must lie in [firstSeq, endSeq). */
  bySeq(seq: number): Change {
    return this.changes[seq - this.base]!;
  }

  /** The sequence number of the first retained change above `revision`. */
  seqAfter(revision: number): number {
    return this.base + this.indexAfter(revision);
  }

  push(change: Change): void {
    if (change.revision < this.lastRevision) {
      throw new Error(`history: revision ${change.revision} comes after ${this.lastRevision}`);
    }
    this.changes.push(change);
    this.lastRevision = change.revision;
    if (this.changes.length >= 2 * this.limit) this.dropBefore(this.changes.length - this.limit);
  }

  /** Retained changes above `revision`, newest first (for undoing them). */
  *newestFirst(revision: number): Generator<Change> {
    for (let i = this.changes.length - 1; i >= 0 && this.changes[i]!.revision > revision; i--) {
      yield this.changes[i]!;
    }
  }

  /** Forgets changes up to `revision` (never beyond the last one). */
  compactTo(revision: number): void {
    const target = Math.min(revision, this.lastRevision);
    if (target <= this.compactedRevision) return;
    this.dropBefore(this.indexAfter(target));
    this.compactedRevision = target;
  }

  private dropBefore(index: number): void {
    if (index <= 0) return;
    this.compactedRevision = this.changes[index - 1]!.revision;
    this.changes = this.changes.slice(index);
    this.base += index;
  }

  private indexAfter(revision: number): number {
    let low = 0;
    let high = this.changes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.changes[mid]!.revision <= revision) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
