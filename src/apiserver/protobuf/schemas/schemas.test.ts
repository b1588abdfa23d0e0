import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScalar, qualifiedName } from '../schema.js';
import { MESSAGES, ROOT_MESSAGES } from './index.js';

test('every message a field names has a table', () => {
  for (const schema of MESSAGES.all()) {
    for (const [number, field] of schema.fields) {
      if (field.type === '-' || isScalar(field.type)) continue;
      assert.ok(MESSAGES.has(field.type), `${qualifiedName(schema)} field ${number} names ${field.type}`);
    }
  }
});

test('every root message has a table', () => {
  for (const [kind, root] of ROOT_MESSAGES) assert.ok(MESSAGES.has(root), `${kind} -> ${root}`);
});

test('no two fields of a message (inlined ones included) share a JSON name', () => {
  const jsonNames = (name: string): string[] =>
    [...MESSAGES.get(name).fields.values()].flatMap((f) => (f.inline ? jsonNames(f.type) : [f.name]));
  for (const schema of MESSAGES.all()) {
    const names = jsonNames(schema.name);
    assert.equal(new Set(names).size, names.length, `${qualifiedName(schema)}: ${names.join(', ')}`);
  }
});

test('presence marks sit only on single fields, where they mean something', () => {
  for (const schema of MESSAGES.all()) {
    for (const [number, field] of schema.fields) {
      if (field.repeated || field.map) {
        assert.equal(field.presence, 'omitempty', `${qualifiedName(schema)} field ${number}`);
      }
    }
  }
});

test('the kinds kubectl create sends are all covered', () => {
  const kinds = ['v1 Namespace', 'v1 ConfigMap', 'v1 Secret', 'v1 Service', 'apps/v1 Deployment'];
  for (const kind of [...kinds, 'networking.k8s.io/v1 Ingress']) assert.ok(ROOT_MESSAGES.has(kind), kind);
});
