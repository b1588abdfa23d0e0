import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch } from './json-patch.js';
import type { JsonObject, JsonValue } from './json.js';

const configMap = (): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', labels: { a: '1', 'x/y': '2', 't~': '3' } },
  data: { k: 'v' },
  list: [1, 2, 3],
});

const at = (doc: JsonValue, ...path: string[]): JsonValue | undefined =>
  path.reduce<JsonValue | undefined>((v, key) => (v as Record<string, JsonValue> | undefined)?.[key], doc);

// Outcomes checked against `kubectl patch --local --type json` (gopkg.in/evanphx/json-patch.v4).
test('applies each operation', () => {
  const cases: { name: string; patch: JsonValue; path: string[]; want: JsonValue | undefined }[] = [
    {
      name: 'add',
      patch: [{ op: 'add', path: '/metadata/labels/b', value: '2' }],
      path: ['metadata', 'labels', 'b'],
      want: '2',
    },
    {
      name: '~1 and ~0 escapes',
      patch: [
        { op: 'replace', path: '/metadata/labels/x~1y', value: '9' },
        { op: 'remove', path: '/metadata/labels/t~0' },
      ],
      path: ['metadata', 'labels'],
      want: { a: '1', 'x/y': '9' },
    },
    {
      name: 'append with -',
      patch: [{ op: 'add', path: '/list/-', value: 4 }],
      path: ['list'],
      want: [1, 2, 3, 4],
    },
    {
      name: 'insert at 0',
      patch: [{ op: 'add', path: '/list/0', value: 0 }],
      path: ['list'],
      want: [0, 1, 2, 3],
    },
    {
      name: 'insert at length',
      patch: [{ op: 'add', path: '/list/3', value: 9 }],
      path: ['list'],
      want: [1, 2, 3, 9],
    },
    {
      name: 'negative add',
      patch: [{ op: 'add', path: '/list/-1', value: 9 }],
      path: ['list'],
      want: [1, 2, 3, 9],
    },
    { name: 'negative remove', patch: [{ op: 'remove', path: '/list/-1' }], path: ['list'], want: [1, 2] },
    {
      name: 'negative replace',
      patch: [{ op: 'replace', path: '/list/-3', value: 7 }],
      path: ['list'],
      want: [7, 2, 3],
    },
    {
      name: 'replace of a missing key adds it',
      patch: [{ op: 'replace', path: '/metadata/labels/zzz', value: 'new' }],
      path: ['metadata', 'labels', 'zzz'],
      want: 'new',
    },
    {
      name: 'test then add',
      patch: [
        { op: 'test', path: '/metadata/name', value: 'cm' },
        { op: 'add', path: '/data/t', value: '1' },
      ],
      path: ['data'],
      want: { k: 'v', t: '1' },
    },
    {
      name: 'missing key tests equal to null',
      patch: [{ op: 'test', path: '/nothere', value: null }],
      path: ['data'],
      want: { k: 'v' },
    },
    {
      name: 'move',
      patch: [{ op: 'move', from: '/data/k', path: '/data/k2' }],
      path: ['data'],
      want: { k2: 'v' },
    },
    {
      name: 'copy',
      patch: [{ op: 'copy', from: '/metadata/labels', path: '/data/labels' }],
      path: ['data', 'labels'],
      want: { a: '1', 'x/y': '2', 't~': '3' },
    },
    {
      name: 'add without value adds null',
      patch: [{ op: 'add', path: '/data/z' }],
      path: ['data', 'z'],
      want: null,
    },
    {
      name: 'segment before the first / is ignored',
      patch: [{ op: 'add', path: 'metadata/zz', value: 'q' }],
      path: ['zz'],
      want: 'q',
    },
    { name: 'null patch is empty', patch: null, path: ['list'], want: [1, 2, 3] },
  ];
  for (const c of cases) {
    const original = configMap();
    const patched = applyJsonPatch(original, c.patch);
    assert.deepEqual(at(patched, ...c.path), c.want, c.name);
    assert.deepEqual(original, configMap(), `${c.name}: input untouched`);
  }
});

test('replaces the root with an object', () => {
  const patched = applyJsonPatch(configMap(), [{ op: 'replace', path: '', value: { kind: 'ConfigMap' } }]);
  assert.deepEqual(patched, { kind: 'ConfigMap' });
});

test('a failing operation is the generic 422, its reason kept as the cause', () => {
  const cases: [JsonValue, string][] = [
    [
      [{ op: 'add', path: '/list/5', value: 9 }],
      "error in add for path: '/list/5': Unable to access invalid index: 5: invalid index referenced",
    ],
    [
      [{ op: 'remove', path: '/metadata/labels/zzz' }],
      "error in remove for path: '/metadata/labels/zzz': Unable to remove nonexistent key: zzz: missing value",
    ],
    [
      [{ op: 'test', path: '/metadata/name', value: 'other' }],
      'testing value /metadata/name failed: test failed',
    ],
    [
      [{ op: 'add', path: '/spec/x', value: 1 }],
      'add operation does not apply: doc is missing path: "/spec/x": missing value',
    ],
    [[{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
    [[{ path: '/a' }], 'Unexpected kind: unknown'],
    [
      [{ op: 'add', path: '/list/x', value: 1 }],
      "error in add for path: '/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
    ],
  ];
  for (const [patch, cause] of cases) {
    assert.throws(
      () => applyJsonPatch(configMap(), patch),
      (err: unknown) => {
        const e = err as Error & { statusCode: number; reason: string };
        assert.equal((e.cause as Error).message, cause);
        return (
          e.statusCode === 422 &&
          e.reason === 'Invalid' &&
          e.message === 'the server rejected our request due to an error in our request'
        );
      },
      cause,
    );
  }
});

test('a body that is not a list of operations is a 400; too many operations a 413', () => {
  assert.throws(() => applyJsonPatch(configMap(), { op: 'add' }), {
    statusCode: 400,
    message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  });
  assert.throws(() => applyJsonPatch(configMap(), ['x']), {
    statusCode: 400,
    message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
  });
  const many = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'ConfigMap' }));
  assert.throws(() => applyJsonPatch(configMap(), many), {
    statusCode: 413,
    message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
  });
});
