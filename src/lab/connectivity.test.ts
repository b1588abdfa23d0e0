import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMatrix } from './connectivity.js';

test('matrix shows ok, FAIL and the diagonal', () => {
  const text = formatMatrix(
    [
      { from: 'node-1', to: 'node-2', ok: true },
      { from: 'node-2', to: 'node-1', ok: false },
      { from: 'external', to: 'node-1', ok: true },
      { from: 'external', to: 'node-2', ok: true },
    ],
    ['node-1', 'node-2', 'external'],
    ['node-1', 'node-2'],
  );
  assert.equal(
    text,
    [
      'from\\to   node-1    node-2',
      'node-1    -         ok',
      'node-2    FAIL      -',
      'external  ok        ok',
    ].join('\n'),
  );
});
