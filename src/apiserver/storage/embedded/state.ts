import type { Change, Entry } from '../history.js';

/**
 * The key space: a map for point reads plus a sorted key array for prefix ranges. Inserting into
 * a sorted array is O(n), which stays well under a millisecond for the ~10^5 objects of a lab
 * cluster, and keeps ranges a binary search plus a scan.
 */
export class KeySpace {
  private readonly entries = new Map<string, Entry>();
  private readonly sorted: string[] = [];

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: Entry): void {
    if (!this.entries.has(key)) this.sorted.splice(this.lowerBound(key), 0, key);
    this.entries.set(key, entry);
  }

  delete(key: string): void {
    if (!this.entries.delete(key)) return;
    this.sorted.splice(this.lowerBound(key), 1);
  }

  /** Keys starting with `prefix`, from `start` on, in order. */
  *range(prefix: string, start: string = prefix): Generator<[string, Entry]> {
    const from = start > prefix ? start : prefix;
    for (let i = this.lowerBound(from); i < this.sorted.length; i++) {
      const key = this.sorted[i]!;
      if (!key.startsWith(prefix)) return;
      yield [key, this.entries.get(key)!];
    }
  }

  /** Every key and entry, in key order. */
  all(): Generator<[string, Entry]> {
    return this.range('');
  }

  private lowerBound(key: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.sorted[mid]! < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** Applies a committed change to a key space. */
export function applyChange(space: KeySpace, change: Change): void {
  if (change.text === undefined) space.delete(change.key);
  else space.set(change.key, { text: change.text, revision: change.revision });
}

/** The change that writes `text` (undefined: deletes) over `prev` at `revision`. */
export function changeOf(
  revision: number,
  key: string,
  text: string | undefined,
  prev: Entry | undefined,
): Change {
  const type = text === undefined ? 'DELETED' : prev ? 'MODIFIED' : 'ADDED';
  return { type, revision, key, text, prev };
}
