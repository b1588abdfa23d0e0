import type { JsonObject, JsonValue } from './json.js';
import type { FieldPatchMeta } from './patch-schema.js';
import { PATCH_DIRECTIVE } from './smp-directives.js';
import { badPatchType, noMergeKey, smpFailure } from './smp-errors.js';
import {
  deduplicateScalars,
  elementKind,
  findByMergeKey,
  normalizeElementOrder,
  partition,
} from './smp-order.js';

/** Merges one matched list item (the caller binds the item schema). */
export type MergeItem = (original: JsonObject, patch: JsonObject) => JsonObject;

/**
 * mergeSliceHandler: lists tagged `patchStrategy:"merge"` merge; every other list is replaced by
 * the patch's, except that a `$deleteFromPrimitiveList` list always subtracts.
 */
export function mergeListField(
  original: JsonValue[],
  patch: JsonValue[],
  meta: FieldPatchMeta,
  isDeleteList: boolean,
  mergeItem: MergeItem,
): JsonValue[] {
  if (meta.strategy !== 'merge' && !isDeleteList) return patch;
  return mergeList(original, patch, meta.mergeKey ?? '', isDeleteList, mergeItem);
}

function mergeList(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  isDeleteList: boolean,
  mergeItem: MergeItem,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  if (kind !== 'map') {
    // Scalars merge as a set; the patch's order wins for the items it names.
    if (isDeleteList) return original.filter((item) => !patch.includes(item));
    const merged = deduplicateScalars([...original, ...patch]);
    const [inPatch, serverOnly] = partition(merged, patch, '');
    return normalizeElementOrder(inPatch, serverOnly, patch, original, '', kind);
  }
  // Kubernetes names the list's element type here, which for lists of objects is always "struct".
  if (mergeKey === '') throw smpFailure('cannot merge lists without merge key for struct');
  const [base, items] = applyItemDirectives(original as JsonObject[], patch as JsonObject[], mergeKey);
  const merged = mergeItems(base, items, mergeKey, mergeItem);
  const [inPatch, serverOnly] = partition(merged, items, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, items, base, mergeKey, kind);
}

/**
 * mergeSliceWithSpecialElements: `{"$patch":"delete", key}` removes every item with that key;
 * `{"$patch":"replace"}` makes the remaining patch items the whole list; `merge` is refused.
 * Returns the list to merge into and the plain patch items.
 */
function applyItemDirectives(
  original: JsonObject[],
  patch: JsonObject[],
  mergeKey: string,
): [JsonObject[], JsonObject[]] {
  let base = original;
  const plain: JsonObject[] = [];
  let replace = false;
  for (const item of patch) {
    if (!Object.hasOwn(item, PATCH_DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = item[PATCH_DIRECTIVE];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      base = base.filter(
        (candidate) => !(Object.hasOwn(candidate, mergeKey) && candidate[mergeKey] === item[mergeKey]),
      );
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw smpFailure('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, item);
    }
  }
  return replace ? [plain, []] : [base, plain];
}

/** mergeSliceWithoutSpecialElements: merge into the item with the same key, or append. */
function mergeItems(
  base: JsonObject[],
  items: JsonObject[],
  mergeKey: string,
  mergeItem: MergeItem,
): JsonValue[] {
  const result: JsonValue[] = [...base];
  for (const item of items) {
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const at = findByMergeKey(result, mergeKey, item[mergeKey]);
    if (at >= 0) result[at] = mergeItem(result[at] as JsonObject, item);
    else result.push(item);
  }
  return result;
}
