import { goTypeName } from '../go-format.js';
import { badRequest } from '../status.js';
import { cloneJson, isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import { fieldMeta, subSchema } from './patch-schema.js';
import type { FieldPatchMeta, PatchSchema } from './patch-schema.js';
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  PATCH_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  applyMapDirective,
  applyRetainKeys,
  directiveTarget,
  discardNulls,
  removeDirectives,
  stripDirectiveKeys,
} from './smp-directives.js';
import { badArgType } from './smp-errors.js';
import { mergeListField } from './smp-list.js';

export type { FieldPatchMeta, PatchSchema } from './patch-schema.js';
export { GENERIC_SCHEMA } from './patch-schema.js';
export { schemaForKind } from './strategic-merge-schemas.js';
import { elementKind, normalizeElementOrder, partition, validateSetElementOrder } from './smp-order.js';

/**
 * Strategic merge patch (application/strategic-merge-patch+json) as kube-apiserver applies it:
 * strategicpatch.StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls, i.e.
 * `null` deletes, maps merge, lists merge or get replaced as the schema's tags say, and the
 * directives kubectl sends are honoured: `$patch` (replace/delete), `$setElementOrder/<list>`,
 * `$deleteFromPrimitiveList/<list>`, `$retainKeys`. Inputs are not modified.
 */
export function strategicMergePatch(original: JsonValue, patch: unknown, schema: PatchSchema): JsonObject {
  // kube-apiserver patches the object's map form; a missing original is an empty map, as in mergeMap.
  const base = isJsonObject(original) ? cloneJson(original) : {};
  // The handler unmarshals the body into map[string]interface{}: anything but an object (or null) is a 400.
  if (patch === null || patch === undefined) return base;
  if (!isJsonObject(patch)) {
    const type = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${type} into Go value of type map[string]interface {}`);
  }
  const result = mergeMap(base, cloneJson(patch), schema);
  stripDirectiveKeys(result);
  return result;
}

/** mergeMap: both arguments are ours to mutate. */
function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema): JsonObject {
  if (Object.hasOwn(patch, PATCH_DIRECTIVE)) return applyMapDirective(patch);
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema);
  for (const [key, value] of Object.entries(patch)) mergeField(original, key, value, schema);
  return original;
}

function mergeField(
  original: JsonObject,
  patchKey: string,
  patchValue: JsonValue,
  schema: PatchSchema,
): void {
  const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
  const key = isDeleteList ? directiveTarget(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX) : patchKey;
  if (patchValue === null) {
    delete original[key];
    return;
  }
  const current = original[key];
  const meta = fieldMeta(schema, key);
  if (isJsonObject(current) && isJsonObject(patchValue)) {
    // A `replace` tag takes the patch's map as it is, directives and all, as mergeMapHandler does.
    original[key] = meta.strategy === 'replace' ? patchValue : mergeMap(current, patchValue, subSchema(meta));
  } else if (Array.isArray(current) && Array.isArray(patchValue)) {
    original[key] = mergeListField(current, patchValue, meta, isDeleteList, itemMerger(meta));
  } else if (!isDeleteList || (current !== undefined && goTypeName(current) === goTypeName(patchValue))) {
    // A new key, a different type or a scalar: the patch's value, minus nulls and `$patch` maps.
    takeFromPatch(original, key, patchValue);
  }
}

function takeFromPatch(original: JsonObject, key: string, value: JsonValue): void {
  discardNulls(value);
  const kept = removeDirectives(value);
  if (kept === undefined) delete original[key];
  else original[key] = kept;
}

const itemMerger =
  (meta: FieldPatchMeta) =>
  (item: JsonObject, patch: JsonObject): JsonObject =>
    mergeMap(item, patch, subSchema(meta));

/**
 * mergePatchIntoOriginal: for each `$setElementOrder/<list>`, merge the list (if the patch has it)
 * and put the items it names in its order, the server-only items keeping their live positions.
 */
function applySetElementOrder(original: JsonObject, patch: JsonObject, schema: PatchSchema): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badArgType('list', order);
    const key = directiveTarget(directiveKey, SET_ELEMENT_ORDER_PREFIX);
    const originalList = listAt(original, key);
    const patchList = listAt(patch, key);
    const meta = fieldMeta(schema, key);
    const mergeKey = meta.mergeKey ?? '';
    validateSetElementOrder(patchList ?? [], order, mergeKey);
    const merged = mergedForOrder(originalList, patchList, meta);
    if (merged === undefined) continue;
    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    const kind = elementKind(originalList ?? [], patchList ?? []);
    original[key] = normalizeElementOrder(inOrder, serverOnly, order, originalList ?? [], mergeKey, kind);
    delete patch[key];
  }
}

/** A copy of the list at `key`, undefined when absent; a non-list there is an error. */
function listAt(object: JsonObject, key: string): JsonValue[] | undefined {
  if (!Object.hasOwn(object, key)) return undefined;
  const value = object[key];
  if (!Array.isArray(value)) throw badArgType('list', value);
  return [...value];
}

function mergedForOrder(
  originalList: JsonValue[] | undefined,
  patchList: JsonValue[] | undefined,
  meta: FieldPatchMeta,
): JsonValue[] | undefined {
  if (patchList === undefined) return originalList;
  if (originalList === undefined) return removeDirectives(patchList) as JsonValue[];
  return mergeListField([...originalList], patchList, meta, false, itemMerger(meta));
}
