import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expectations } from './expectations.js';

test('expectations hold until every create and delete is observed, or they expire', () => {
  let now = 0;
  const e = new Expectations(1000, () => now);
  assert.equal(e.satisfied('rs'), true);
  e.expect('rs', ['p1', 'p2'], ['old']);
  e.observeAdd('rs', 'p1');
  e.observeDelete('rs', 'old');
  assert.equal(e.satisfied('rs'), false);
  e.lower('rs', 'add', 'p2');
  assert.equal(e.satisfied('rs'), true);
  e.expect('rs', ['lost'], []);
  now = 1001;
  assert.equal(e.satisfied('rs'), true);
});
