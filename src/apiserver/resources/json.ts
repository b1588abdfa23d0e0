/**
 * Tolerant readers for objects decoded from JSON. Tables, defaults and validation look into user
 * input, where any field may be missing or of the wrong type: these never throw, and a wrong type
 * reads as absent (the decoder, not validation, is what rejects wrong types in Kubernetes).
 */

export type Json = Record<string, unknown>;

export const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export const rec = (v: unknown): Json | undefined => (isRecord(v) ? v : undefined);

/** A list of records; entries that are not records read as `{}` so indexes stay those of the input. */
export const recs = (v: unknown): Json[] => (Array.isArray(v) ? v.map((x) => rec(x) ?? {}) : []);

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const strs = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Go's zero value for a missing int field. */
export const int = (v: unknown): number => num(v) ?? 0;

/** A map[string]string: non-string values are dropped. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(rec(v) ?? {})) if (typeof x === 'string') out[k] = x;
  return out;
}

/** Reads a nested field: `at(pod, 'status', 'podIP')`. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const key of path) cur = rec(cur)?.[key];
  return cur;
}

/** The record under `key`, created when missing (for defaulting in place). */
export function child(obj: Json, key: string): Json {
  const existing = rec(obj[key]);
  if (existing) return existing;
  const created: Json = {};
  obj[key] = created;
  return created;
}

/** Sets `obj[key] = value` only when the field is absent or null (Kubernetes defaults nil fields). */
export function setDefault(obj: Json, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Sets a string field when missing or empty ("" is Go's zero value and defaults like nil). */
export function setDefaultString(obj: Json, key: string, value: string): void {
  if (typeof obj[key] !== 'string' || obj[key] === '') obj[key] = value;
}

/** Keys in Go byte order, so messages built from maps are stable. */
export const sortedKeys = (o: Record<string, unknown>): string[] => Object.keys(o).sort(byBytes);

export const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Semantic equality as apiequality.Semantic.DeepEqual sees decoded objects: key order does not
 * matter, and a missing field, null, an empty list and an empty map are all the same (the forked
 * reflect.DeepEqual treats nil and empty slices and maps as equal).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual(a[k], b[k]));
  }
  return a === b;
}

const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (isRecord(v) && Object.keys(v).length === 0);
