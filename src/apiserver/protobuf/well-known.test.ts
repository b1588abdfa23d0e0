import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goDuration, rfc3339, rfc3339Micro } from './well-known.js';

test("goDuration prints what Go's time.Duration.String() prints", () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1_500n, '1.5µs'],
    [300_000_000n, '300ms'],
    [1_500_000_000n, '1.5s'],
    [60_000_000_000n, '1m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_723_000_000_001n, '1h2m3.000000001s'],
    [-90_000_000_000n, '-1m30s'],
  ];
  for (const [nanoseconds, text] of cases) assert.equal(goDuration(nanoseconds), text, `${nanoseconds}ns`);
});

test('metav1.Time and MicroTime formats', () => {
  assert.equal(rfc3339(0), '1970-01-01T00:00:00Z');
  assert.equal(rfc3339(1_700_000_000), '2023-11-14T22:13:20Z');
  assert.equal(rfc3339Micro(1_700_000_000, 123_456_789), '2023-11-14T22:13:20.123456Z');
});
