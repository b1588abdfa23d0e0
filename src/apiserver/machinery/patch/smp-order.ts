import { goTypeName, goValue } from '../go-format.js';
import { isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import { hasDirective } from './smp-directives.js';
import { badArgType, noListOfLists, noMergeKey, smpFailure } from './smp-errors.js';

/**
 * List bookkeeping of a strategic merge patch: element types, membership, and the ordering rules
 * of "preserve order in strategic merge patch" (design-proposals-archive/cli): `$setElementOrder`
 * first, then the patch's order, then the live object's, for items of either side.
 */

/** 'map' for lists of objects; otherwise the Go type of the scalars. */
export type ElementKind = string;

/** sliceElementType: all items of all lists share one Go type; no lists of lists. */
export function elementKind(...lists: readonly (readonly JsonValue[])[]): ElementKind {
  let kind: string | undefined;
  for (const item of lists.flat()) {
    const type = goTypeName(item);
    if (kind === undefined) {
      if (Array.isArray(item)) throw noListOfLists();
      kind = type;
    } else if (kind !== type) {
      throw smpFailure(`list element types are not identical: ${goValue(lists)}`);
    }
  }
  if (kind === undefined) throw smpFailure('no elements in any of the given slices');
  return kind === 'map[string]interface {}' ? 'map' : kind;
}

/** The value a list item is identified by: its merge key for maps (nil when absent), itself otherwise. */
function identity(item: JsonValue, mergeKey: string, kind: ElementKind): JsonValue {
  if (kind !== 'map') return item;
  return isJsonObject(item) ? (item[mergeKey] ?? null) : null;
}

function indexIn(list: readonly JsonValue[], item: JsonValue, mergeKey: string, kind: ElementKind): number {
  const wanted = identity(item, mergeKey, kind);
  return list.findIndex((candidate) => identity(candidate, mergeKey, kind) === wanted);
}

export function findByMergeKey(
  list: readonly JsonValue[],
  mergeKey: string,
  value: JsonValue | undefined,
): number {
  return list.findIndex((item, i) => {
    if (!isJsonObject(item)) throw smpFailure(`value for key ${i} is not a map`);
    return Object.hasOwn(item, mergeKey) && item[mergeKey] === value;
  });
}

/** Splits `merged` into the items present in `by` and the server-only rest, keeping order. */
export function partition(
  merged: readonly JsonValue[],
  by: readonly JsonValue[],
  mergeKey: string,
): [JsonValue[], JsonValue[]] {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const item of merged) {
    (isPresent(item, by, mergeKey) ? inPatch : serverOnly).push(item);
  }
  return [inPatch, serverOnly];
}

function isPresent(item: JsonValue, by: readonly JsonValue[], mergeKey: string): boolean {
  if (mergeKey === '') return by.includes(item);
  if (!isJsonObject(item)) throw badArgType('map', item);
  if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return findByMergeKey(by, mergeKey, item[mergeKey]) >= 0;
}

/**
 * normalizeElementOrder: sort the patch items by `patchOrder` and the server-only items by the
 * live order, then interleave them where the live order allows.
 */
export function normalizeElementOrder(
  patchItems: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const sortedPatch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

function normalizeSliceOrder(
  toSort: JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  let deleted: JsonValue[] = [];
  if (kind === 'map') {
    for (const item of [...toSort, ...order]) {
      if (!isJsonObject(item)) throw badArgType('map', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
    deleted = toSort.filter((item) => (item as JsonObject)['$patch'] === 'delete');
    toSort = toSort.filter((item) => (item as JsonObject)['$patch'] !== 'delete');
  }
  // Go's comparator says "less" whenever either item is missing from `order`; its sort.SliceStable
  // is an insertion sort for lists up to 20 items, which this reproduces exactly.
  const less = (a: JsonValue, b: JsonValue): boolean => {
    const ia = indexIn(order, a, mergeKey, kind);
    const ib = indexIn(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  const sorted = [...toSort];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j] as JsonValue, sorted[j - 1] as JsonValue); j--) {
      [sorted[j - 1], sorted[j]] = [sorted[j] as JsonValue, sorted[j - 1] as JsonValue];
    }
  }
  return [...sorted, ...deleted];
}

/** mergeSortedSlice: a server-only item goes first only when the live order places it before the patch item. */
function mergeSortedSlice(
  left: readonly JsonValue[],
  right: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++] as JsonValue);
    else if (i >= left.length) out.push(right[j++] as JsonValue);
    else {
      const li = indexIn(serverOrder, left[i] as JsonValue, mergeKey, kind);
      const ri = indexIn(serverOrder, right[j] as JsonValue, mergeKey, kind);
      out.push(li >= 0 && ri >= 0 && li < ri ? (left[i++] as JsonValue) : (right[j++] as JsonValue));
    }
  }
  return out;
}

/**
 * deduplicateScalars, including its habit of filling a removed duplicate's slot with the last
 * item (the order is normalised afterwards anyway).
 */
export function deduplicateScalars(items: JsonValue[]): JsonValue[] {
  const s = [...items];
  let last = s.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (s[i] === s[j]) {
        s[j] = s[last] as JsonValue;
        s.length = last;
        last--;
        j--;
      }
    }
  }
  return s;
}

/** `$setElementOrder` must list the patch's items in the patch's relative order. */
export function validateSetElementOrder(
  patchList: readonly JsonValue[],
  setOrder: readonly JsonValue[],
  mergeKey: string,
): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey === '' ? patchList : patchList.filter((item) => !isDeleteItem(item));
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrder.length) {
    const item = nonDelete[p] as JsonValue;
    if (hasDirective(item)) {
      p++;
      continue;
    }
    if (sameItem(item, setOrder[s] as JsonValue, mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= setOrder.length) {
    throw smpFailure(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match $setElementOrder list:\n${goValue(setOrder)}\n`,
    );
  }
}

function isDeleteItem(item: JsonValue): boolean {
  if (!isJsonObject(item)) throw badArgType('map', item);
  return item['$patch'] === 'delete';
}

function sameItem(a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return a === b;
  if (!isJsonObject(a)) throw badArgType('map', a);
  if (!isJsonObject(b)) throw badArgType('map', b);
  if (!Object.hasOwn(a, mergeKey)) throw noMergeKey(a, mergeKey);
  if (!Object.hasOwn(b, mergeKey)) throw noMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}
