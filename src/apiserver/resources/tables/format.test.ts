import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabels, humanDuration, listWithMore, since } from './format.js';
import { DAY, HOUR, MINUTE, NOW, SECOND } from '../fixtures.js';

// duration.HumanDuration, k8s.io/apimachinery/pkg/util/duration (and its duration_test.go cases).
const DURATIONS: [number, string][] = [
  [0, '0s'],
  [-1 * SECOND, '0s'],
  [-2 * SECOND, '<invalid>'],
  [999, '0s'],
  [45 * SECOND, '45s'],
  [119 * SECOND, '119s'],
  [2 * MINUTE, '2m'],
  [5 * MINUTE + 30 * SECOND, '5m30s'],
  [9 * MINUTE + 59 * SECOND, '9m59s'],
  [10 * MINUTE, '10m'],
  [95 * MINUTE, '95m'],
  [3 * HOUR - SECOND, '179m'],
  [3 * HOUR, '3h'],
  [3 * HOUR + 20 * MINUTE, '3h20m'],
  [7 * HOUR + 59 * MINUTE, '7h59m'],
  [8 * HOUR, '8h'],
  [20 * HOUR + 30 * MINUTE, '20h'],
  [47 * HOUR, '47h'],
  [48 * HOUR, '2d'],
  [3 * DAY + 4 * HOUR, '3d4h'],
  [7 * DAY + 23 * HOUR, '7d23h'],
  [8 * DAY, '8d'],
  [30 * DAY + 5 * HOUR, '30d'],
  [729 * DAY, '729d'],
  [730 * DAY, '2y'],
  [2 * 365 * DAY + 100 * DAY, '2y100d'],
  [8 * 365 * DAY, '8y'],
  [12 * 365 * DAY + 30 * DAY, '12y'],
];

for (const [ms, text] of DURATIONS) {
  test(`HumanDuration(${ms} ms) = ${text}`, () => assert.equal(humanDuration(ms), text));
}

test('AGE from a timestamp; "<unknown>" when it is missing or unreadable', () => {
  assert.equal(since('2024-05-01T11:00:00Z', NOW), '60m');
  assert.equal(since(undefined, NOW), '<unknown>');
  assert.equal(since('', NOW), '<unknown>');
  assert.equal(since('yesterday', NOW), '<unknown>');
});

test('labels.FormatLabels: sorted key=value pairs, "<none>" when empty', () => {
  assert.equal(formatLabels({ tier: 'web', app: 'shop' }), 'app=shop,tier=web');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
});

test('lists show three entries, then how many more; "<unset>" when empty', () => {
  assert.equal(listWithMore(['a', 'b', 'c']), 'a,b,c');
  assert.equal(listWithMore(['a', 'b', 'c', 'd', 'e']), 'a,b,c + 2 more...');
  assert.equal(listWithMore([]), '<unset>');
});
