import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelsMatch, selectorMatches, selectorString } from './labels.js';

test('selectors: empty matches all, missing matches none, expressions AND with labels', () => {
  assert.equal(selectorMatches({}, { a: '1' }), true);
  assert.equal(selectorMatches(undefined, { a: '1' }), false);
  const selector = {
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In' as const, values: ['front', 'edge'] },
      { key: 'canary', operator: 'DoesNotExist' as const },
    ],
  };
  assert.equal(selectorMatches(selector, { app: 'web', tier: 'edge' }), true);
  assert.equal(selectorMatches(selector, { app: 'web', tier: 'back' }), false);
  assert.equal(selectorMatches(selector, { app: 'web', tier: 'front', canary: '' }), false);
  assert.equal(
    selectorMatches({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['1'] }] }, {}),
    true,
  );
  assert.equal(selectorString(selector), 'app=web,tier in (edge,front),!canary');
});

test('map selectors need every entry', () => {
  assert.equal(labelsMatch({ a: '1' }, { a: '1', b: '2' }), true);
  assert.equal(labelsMatch({ a: '1' }, { a: '2' }), false);
  assert.equal(labelsMatch(undefined, undefined), true);
});
