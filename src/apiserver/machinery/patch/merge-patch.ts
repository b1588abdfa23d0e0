import { badRequest } from '../status.js';
import { cloneJson, isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';

/**
 * JSON merge patch (RFC 7386, application/merge-patch+json) with the behaviour of the library
 * kube-apiserver uses (gopkg.in/evanphx/json-patch.v4 MergePatch):
 * - `null` deletes a key; objects merge recursively; anything else replaces;
 * - nulls inside added objects are pruned, but nulls directly inside arrays are kept;
 * - a patch that is not an object or array is 400 "Invalid JSON Patch"; an array replaces the document.
 */
export function mergePatch(original: JsonValue, patch: JsonValue): JsonValue {
  if (Array.isArray(patch)) return pruneNulls(cloneJson(patch));
  if (!isJsonObject(patch)) throw badRequest('Invalid JSON Patch');
  if (!isJsonObject(original)) return pruneNulls(cloneJson(patch));
  return mergeObjects(cloneJson(original), patch);
}

function mergeObjects(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete target[key];
      continue;
    }
    const current = target[key];
    target[key] =
      current === undefined || current === null ? pruneNulls(cloneJson(value)) : merge(current, value);
  }
  return target;
}

function merge(current: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(current)) return pruneNulls(cloneJson(patch));
  // An array or scalar replacing an object goes in as sent, nulls and all (evanphx `merge`).
  if (!isJsonObject(patch)) return cloneJson(patch);
  return mergeObjects(current, patch);
}

function pruneNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    value.forEach((item) => item !== null && pruneNulls(item));
    return value;
  }
  if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else pruneNulls(item);
    }
  }
  return value;
}
