import type { IpRange, RangeSet } from './range.js';

/**
 * The pure allocator: a range set, the reserved addresses and the last reserved one in, the next
 * free address out. Round-robin as host-local's RangeIter (backend/allocator/allocator.go): start
 * right after the last reserved address (when it is still in the set) and walk every range once,
 * wrapping around, skipping each range's gateway, so a crash-looping pod does not get the same IP
 * back until the whole set has been used.
 */

export interface Allocation {
  readonly ip: number;
  readonly range: IpRange;
}

/** Every address of the set in allocation order, starting after `last` (or at the first range's start). */
export function* candidates(set: RangeSet, last?: number): Generator<Allocation> {
  const from = last === undefined ? -1 : set.findIndex((r) => last >= r.start && last <= r.end);
  const startRange = Math.max(from, 0);
  // First pass begins after `last` inside its range; the wrap ends with `last` itself.
  for (let k = 0; k <= set.length; k++) {
    const range = set[(startRange + k) % set.length]!;
    const wrapped = k === set.length;
    if (wrapped && from < 0) return;
    const lo = k === 0 && from >= 0 ? last! + 1 : range.start;
    const hi = wrapped ? last! : range.end;
    for (let ip = lo; ip <= hi; ip++) {
      if (ip !== range.gateway) yield { ip, range };
    }
  }
}

/** The next free address, or undefined when every address of the set is reserved. */
export function nextFree(
  set: RangeSet,
  reserved: ReadonlySet<number>,
  last?: number,
): Allocation | undefined {
  for (const candidate of candidates(set, last)) {
    if (!reserved.has(candidate.ip)) return candidate;
  }
  return undefined;
}

/** How many addresses of the set are still free (STATUS). */
export function freeCount(set: RangeSet, reserved: ReadonlySet<number>): number {
  const inSet = (ip: number) => set.some((r) => ip >= r.start && ip <= r.end && ip !== r.gateway);
  const usable = set.reduce(
    (n, r) => n + r.end - r.start + 1 - (r.gateway >= r.start && r.gateway <= r.end ? 1 : 0),
    0,
  );
  return usable - [...reserved].filter(inSet).length;
}
