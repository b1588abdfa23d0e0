import { isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import { badPatchType, badPrimitiveList, badRetainKeys, badSetElementOrder } from './smp-errors.js';

/** The directives of a strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch). */
export const PATCH_DIRECTIVE = '$patch';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

export const hasDirective = (value: JsonValue | undefined): value is JsonObject =>
  isJsonObject(value) && Object.hasOwn(value, PATCH_DIRECTIVE);

/** `$patch` on a map: `replace` takes the patch as the value, `delete` empties it; `merge` is rejected. */
export function applyMapDirective(patch: JsonObject): JsonObject {
  const directive = patch[PATCH_DIRECTIVE];
  if (directive === 'replace') {
    delete patch[PATCH_DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw badPatchType(directive, patch);
}

/** `$setElementOrder/containers` -> `containers`; a directive without `/` is a 400. */
export function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER_PREFIX ? badSetElementOrder() : badPrimitiveList();
  }
  return key.slice(slash + 1);
}

/**
 * removeDirectives: a value being taken from the patch loses every map that carries `$patch`
 * (a `$patch: replace` map under a new key vanishes with it, as in Kubernetes).
 * Returns undefined when the value itself must not be kept.
 */
export function removeDirectives(value: JsonValue): JsonValue | undefined {
  if (Array.isArray(value)) {
    return value.map(removeDirectives).filter((v): v is JsonValue => v !== undefined);
  }
  if (!isJsonObject(value)) return value;
  if (Object.hasOwn(value, PATCH_DIRECTIVE)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const kept = removeDirectives(item);
    if (kept === undefined) delete value[key];
    else value[key] = kept;
  }
  return value;
}

/** discardNullValuesFromPatch: nulls in maps go (nulls directly in lists stay). */
export function discardNulls(value: JsonValue): void {
  if (Array.isArray(value)) {
    value.forEach(discardNulls);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (item === null) delete value[key];
    else discardNulls(item);
  }
}

/**
 * `$retainKeys`: every non-null field of the patch must be listed (else 400), and fields of the
 * original that are not listed are cleared, so a union (volume source, deployment strategy) can
 * switch member.
 */
export function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retain = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retain)) throw badRetainKeys();
  const listed = (key: string): boolean => retain.includes(key);
  for (const [key, value] of Object.entries(patch)) {
    const isDirective =
      key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || key.startsWith(SET_ELEMENT_ORDER_PREFIX);
    if (value !== null && !isDirective && !listed(key)) throw badRetainKeys();
  }
  for (const key of Object.keys(original)) {
    if (!listed(key)) delete original[key];
  }
}

/**
 * Kubernetes decodes the patched map into a Go struct, which drops every field it does not know;
 * no real field starts with `$`, so leftover directives (`$setElementOrder/...` inside a newly
 * added map, say) never reach storage. flatnet has no structs: this pass does that part.
 */
export function stripDirectiveKeys(value: JsonValue): void {
  if (Array.isArray(value)) {
    value.forEach(stripDirectiveKeys);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('$')) delete value[key];
    else stripDirectiveKeys(item);
  }
}
