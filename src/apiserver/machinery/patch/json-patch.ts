import { badRequest, rejected, tooLarge } from '../status.js';
import { cloneJson, isJsonObject, jsonEqual } from './json.js';
import type { JsonObject, JsonValue } from './json.js';

/**
 * JSON patch (RFC 6902, application/json-patch+json) with the behaviour of the library
 * kube-apiserver 1.32 uses (gopkg.in/evanphx/json-patch.v4) and the handler's error mapping
 * (k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
 * - a body that is not a list of objects: 400 BadRequest with Go's unmarshal error;
 * - more than 10000 operations: 413;
 * - any operation failing: 422 Invalid with the generic "the server rejected our request due to an
 *   error in our request" (the library's own message is kept as the error's `cause` only).
 * Library quirks kept: negative array indices count from the end; `replace` of a missing object
 * key adds it; a missing key and a null value are the same to `test`; a path's first segment
 * before the first `/` is ignored.
 */

export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Operation = Readonly<Record<string, JsonValue>>;

export function applyJsonPatch(document: JsonValue, patch: unknown): JsonValue {
  const operations = decodeJsonPatch(patch);
  const state: State = { root: cloneJson(document) };
  for (const operation of operations) {
    const failure = applyOperation(state, operation);
    if (failure !== undefined) throw rejected(failure);
  }
  return state.root;
}

/** jsonpatch.DecodePatch: `null` is an empty patch; other non-lists fail to unmarshal. */
function decodeJsonPatch(patch: unknown): Operation[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw badRequest(unmarshalError(patch, 'jsonpatch.Patch'));
  for (const item of patch) {
    if (item !== null && !isJsonObject(item)) throw badRequest(unmarshalError(item, 'jsonpatch.Operation'));
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw tooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
  }
  return patch.map((item: JsonObject | null) => item ?? {});
}

function unmarshalError(value: unknown, goType: string): string {
  const jsonType = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `json: cannot unmarshal ${jsonType} into Go value of type ${goType}`;
}

interface State {
  root: JsonValue;
}

/** Returns the library's failure message, or undefined when the operation applied. */
function applyOperation(state: State, operation: Operation): string | undefined {
  const kind = typeof operation['op'] === 'string' ? operation['op'] : 'unknown';
  const path = stringField(operation, 'path');
  const from = stringField(operation, 'from');
  const value = operation['value'] ?? null;
  switch (kind) {
    case 'add':
      return path === undefined ? 'add operation failed to decode path' : add(state, path, value);
    case 'remove':
      return path === undefined ? 'remove operation failed to decode path' : remove(state, path);
    case 'replace':
      return path === undefined ? 'replace operation failed to decode path' : replace(state, path, value);
    case 'move':
      return from === undefined || path === undefined
        ? 'move operation failed to decode path'
        : move(state, from, path);
    case 'copy':
      return from === undefined || path === undefined
        ? 'copy operation failed to decode path'
        : copy(state, from, path);
    case 'test':
      return path === undefined ? 'test operation failed to decode path' : test(state, path, value);
    default:
      return `Unexpected kind: ${kind}`;
  }
}

const stringField = (operation: Operation, name: string): string | undefined => {
  const value = operation[name];
  return typeof value === 'string' ? value : undefined;
};

function add(state: State, path: string, value: JsonValue): string | undefined {
  const found = findParent(state.root, path);
  if (found === undefined) return missing(`add operation does not apply: doc is missing path: "${path}"`);
  return within(`error in add for path: '${path}'`, containerAdd(found.container, found.key, value));
}

function remove(state: State, path: string): string | undefined {
  const found = findParent(state.root, path);
  if (found === undefined) return missing(`remove operation does not apply: doc is missing path: "${path}"`);
  return within(`error in remove for path: '${path}'`, containerRemove(found.container, found.key));
}

function replace(state: State, path: string, value: JsonValue): string | undefined {
  if (path === '') {
    if (!isJsonObject(value) && !Array.isArray(value))
      return 'replace operation value must be object or array';
    state.root = value;
    return undefined;
  }
  const found = findParent(state.root, path);
  if (found === undefined) return missing(`replace operation does not apply: doc is missing path: ${path}`);
  const current = containerGet(found.container, found.key);
  if (typeof current === 'string')
    return missing(`replace operation does not apply: doc is missing key: ${path}`);
  if (Array.isArray(found.container)) found.container[current.index ?? 0] = value;
  else found.container[found.key] = value;
  return undefined;
}

function move(state: State, from: string, path: string): string | undefined {
  const source = findParent(state.root, from);
  if (source === undefined)
    return missing(`move operation does not apply: doc is missing from path: ${from}`);
  const got = containerGet(source.container, source.key);
  if (typeof got === 'string') return `error in move for path: '${source.key}': ${got}`;
  const removed = containerRemove(source.container, source.key);
  if (removed !== undefined) return `error in move for path: '${source.key}': ${removed}`;
  const target = findParent(state.root, path);
  if (target === undefined)
    return missing(`move operation does not apply: doc is missing destination path: ${path}`);
  return within(
    `error in move for path: '${path}'`,
    containerAdd(target.container, target.key, got.value ?? null),
  );
}

function copy(state: State, from: string, path: string): string | undefined {
  const source = findParent(state.root, from);
  if (source === undefined)
    return missing(`copy operation does not apply: doc is missing from path: ${from}`);
  const got = containerGet(source.container, source.key);
  if (typeof got === 'string') return `error in copy for from: '${from}': ${got}`;
  if (got.value === undefined)
    return missing(`copy operation does not apply: doc is missing from path: ${from}`);
  const target = findParent(state.root, path);
  if (target === undefined)
    return missing(`copy operation does not apply: doc is missing destination path: ${path}`);
  return within(
    `error while adding value during copy`,
    containerAdd(target.container, target.key, cloneJson(got.value)),
  );
}

function test(state: State, path: string, expected: JsonValue): string | undefined {
  const failed = `testing value ${path} failed: test failed`;
  if (path === '') return jsonEqual(state.root, expected) ? undefined : failed;
  const found = findParent(state.root, path);
  if (found === undefined) return missing(`test operation does not apply: is missing path: ${path}`);
  const got = containerGet(found.container, found.key);
  if (typeof got === 'string') return `error in test for path: '${path}': ${got}`;
  // The library stores JSON null as "no value": a missing key tests equal to null.
  if (got.value === undefined || got.value === null) return expected === null ? undefined : failed;
  return jsonEqual(got.value, expected) ? undefined : failed;
}

/** The library wraps ErrMissing ("missing value") and its own errors with context (pkg/errors.Wrapf). */
const missing = (message: string): string => `${message}: missing value`;

const within = (context: string, failure: string | undefined): string | undefined =>
  failure === undefined ? undefined : `${context}: ${failure}`;

const atoiError = (key: string): string => `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`;

type Container = JsonObject | JsonValue[];

interface Parent {
  readonly container: Container;
  readonly key: string;
}

/** RFC 6901 unescaping: `~1` is `/`, `~0` is `~`, in one left-to-right pass. */
const decodeKey = (segment: string): string => segment.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));

/** jsonpatch findObject: walks all but the last segment; undefined when any step is missing or not a container. */
function findParent(root: JsonValue, path: string): Parent | undefined {
  const segments = path.split('/');
  if (segments.length < 2) return undefined;
  let current: JsonValue = root;
  for (const segment of segments.slice(1, -1)) {
    if (!isJsonObject(current) && !Array.isArray(current)) return undefined;
    const got = containerGet(current, decodeKey(segment));
    if (typeof got === 'string' || got.value === undefined || got.value === null) return undefined;
    current = got.value;
  }
  if (!isJsonObject(current) && !Array.isArray(current)) return undefined;
  return { container: current, key: decodeKey(segments[segments.length - 1] ?? '') };
}

/** strconv.Atoi: optional sign, decimal digits. */
function parseIndex(key: string): number | undefined {
  return /^[+-]?\d+$/.test(key) ? Number(key) : undefined;
}

const invalidIndex = (index: number): string =>
  `Unable to access invalid index: ${index}: invalid index referenced`;

/** A value (undefined for a missing object key) or, for arrays, a failure message. */
function containerGet(
  container: Container,
  key: string,
): { value: JsonValue | undefined; index?: number } | string {
  if (!Array.isArray(container)) return { value: Object.hasOwn(container, key) ? container[key] : undefined };
  const parsed = parseIndex(key);
  if (parsed === undefined) return atoiError(key);
  if (parsed < -container.length) return invalidIndex(parsed);
  const index = parsed < 0 ? parsed + container.length : parsed;
  if (index >= container.length) return invalidIndex(index);
  return { value: container[index], index };
}

function containerAdd(container: Container, key: string, value: JsonValue): string | undefined {
  if (!Array.isArray(container)) {
    container[key] = value;
    return undefined;
  }
  if (key === '-') {
    container.push(value);
    return undefined;
  }
  const parsed = parseIndex(key);
  if (parsed === undefined) return `value was not a proper array index: '${key}': ${atoiError(key)}`;
  const size = container.length + 1;
  if (parsed >= size || parsed < -size) return invalidIndex(parsed);
  container.splice(parsed < 0 ? parsed + size : parsed, 0, value);
  return undefined;
}

function containerRemove(container: Container, key: string): string | undefined {
  if (!Array.isArray(container)) {
    if (!Object.hasOwn(container, key)) return `Unable to remove nonexistent key: ${key}: missing value`;
    delete container[key];
    return undefined;
  }
  const parsed = parseIndex(key);
  if (parsed === undefined) return atoiError(key);
  if (parsed >= container.length || parsed < -container.length) return invalidIndex(parsed);
  container.splice(parsed < 0 ? parsed + container.length : parsed, 1);
  return undefined;
}
