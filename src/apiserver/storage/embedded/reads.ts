import { continueAfter } from '../continue-token.js';
import type { PageRequest } from '../continue-token.js';
import { expired, futureRevision } from '../errors.js';
import type { KeyValue, ListResult } from '../types.js';
import { decodeValue } from '../values.js';
import type { Entry, History } from '../history.js';
import type { KeySpace } from './state.js';

/**
 * One page of a list. At the current revision it reads the key space directly; at an older one it
 * undoes the newer changes from the history, which is how the store serves consistent continue
 * pages and `resourceVersion=N` lists without keeping multiple versions of every key.
 */
export function readPage(space: KeySpace, history: History, prefix: string, page: PageRequest): ListResult {
  const revision = page.revision ?? history.last;
  if (revision > history.last) throw futureRevision(revision, history.last);
  const entries = revision === history.last ? space.range(prefix, page.start) : pastRange(revision);
  const items: KeyValue[] = [];
  for (const [key, entry] of entries) {
    if (items.length === page.limit) {
      return { items, revision, continue: continueAfter(revision, items.at(-1)!.key) };
    }
    items.push({ key, value: decodeValue(entry.text), revision: entry.revision });
  }
  return { items, revision };

  function pastRange(at: number): [string, Entry][] {
    if (at < history.compacted) throw expired(at, history.compacted);
    return entriesAt(space, history, prefix, at).filter(([key]) => key >= page.start);
  }
}

/** The entries under `prefix` as of `revision` (which the history must still cover), in key order. */
function entriesAt(space: KeySpace, history: History, prefix: string, revision: number): [string, Entry][] {
  const state = new Map(space.range(prefix));
  for (const change of history.newestFirst(revision)) {
    if (!change.key.startsWith(prefix)) continue;
    if (change.prev) state.set(change.key, change.prev);
    else state.delete(change.key);
  }
  return [...state].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
