import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergePatch } from './merge-patch.js';
import type { JsonObject, JsonValue } from './json.js';

const configMap = (): JsonObject => ({
  kind: 'ConfigMap',
  metadata: { name: 'cm', labels: { a: '1' } },
  data: { k: 'v' },
  list: [1, 2, 3],
});

// Outcomes checked against `kubectl patch --local --type merge` (evanphx/json-patch.v4 MergePatch).
test('merges objects, deletes nulls, replaces everything else', () => {
  const cases: { name: string; patch: JsonValue; want: JsonObject }[] = [
    {
      name: 'label add and remove',
      patch: { metadata: { labels: { b: '2', a: null } } },
      want: { ...configMap(), metadata: { name: 'cm', labels: { b: '2' } } },
    },
    {
      name: 'nulls inside new objects are pruned',
      patch: { spec: { a: null, b: { c: null, d: 1 } } },
      want: { ...configMap(), spec: { b: { d: 1 } } },
    },
    {
      name: 'arrays replace whole and keep their nulls',
      patch: { list: [1, null, { a: null }] },
      want: { ...configMap(), list: [1, null, {}] },
    },
    {
      name: 'an array replacing an object keeps nulls',
      patch: { metadata: { labels: ['x', null] } },
      want: { ...configMap(), metadata: { name: 'cm', labels: ['x', null] } },
    },
    { name: 'scalar over object', patch: { data: 'x' }, want: { ...configMap(), data: 'x' } },
    {
      name: 'object over scalar, pruned',
      patch: { metadata: { name: { a: null, b: 1 } } },
      want: { ...configMap(), metadata: { name: { b: 1 }, labels: { a: '1' } } },
    },
    { name: 'empty patch', patch: {}, want: configMap() },
  ];
  for (const c of cases) {
    const original = configMap();
    assert.deepEqual(mergePatch(original, c.patch), c.want, c.name);
    assert.deepEqual(original, configMap(), `${c.name}: input untouched`);
  }
});

test('an array patch replaces the document; other non-objects are 400 "Invalid JSON Patch"', () => {
  assert.deepEqual(mergePatch(configMap(), [1, null]), [1, null]);
  for (const patch of [null, 'x', 5, true]) {
    assert.throws(
      () => mergePatch(configMap(), patch),
      { statusCode: 400, message: 'Invalid JSON Patch' },
      String(patch),
    );
  }
});
