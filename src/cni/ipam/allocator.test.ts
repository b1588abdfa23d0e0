import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIPv4, parseIPv4 } from '../../lib/ipv4.js';
import { candidates, freeCount, nextFree } from './allocator.js';
import { parseRange, type RangeSet } from './range.js';

const range = (fields: Record<string, string>) => parseRange(fields, 'test');
const ips = (...texts: string[]) => new Set(texts.map(parseIPv4));
const next = (set: RangeSet, reserved: Set<number>, last?: string) => {
  const found = nextFree(set, reserved, last === undefined ? undefined : parseIPv4(last));
  return found && formatIPv4(found.ip);
};

const small = [range({ subnet: '10.0.0.0/29' })]; // .1 gateway, .2-.6 usable

test('the first address skips the gateway', () => {
  assert.equal(next(small, ips()), '10.0.0.2');
});

test('round-robin: the search starts after the last reserved address and wraps', () => {
  assert.equal(next(small, ips(), '10.0.0.3'), '10.0.0.4');
  assert.equal(next(small, ips('10.0.0.5', '10.0.0.6'), '10.0.0.4'), '10.0.0.2');
  // A released address is not reused before the rest of the range (allocator.go GetIter).
  assert.equal(next(small, ips('10.0.0.3'), '10.0.0.3'), '10.0.0.4');
});

test('a last reserved address outside the set starts from the beginning', () => {
  assert.equal(next(small, ips(), '192.168.0.9'), '10.0.0.2');
});

test('rangeStart and rangeEnd bound the addresses', () => {
  const bounded = [range({ subnet: '10.0.0.0/24', rangeStart: '10.0.0.100', rangeEnd: '10.0.0.101' })];
  assert.equal(next(bounded, ips()), '10.0.0.100');
  assert.equal(next(bounded, ips('10.0.0.100')), '10.0.0.101');
  assert.equal(next(bounded, ips('10.0.0.100', '10.0.0.101')), undefined);
});

test('a gateway inside a custom range is skipped', () => {
  const r = [
    range({ subnet: '10.0.0.0/24', rangeStart: '10.0.0.10', rangeEnd: '10.0.0.12', gateway: '10.0.0.11' }),
  ];
  assert.deepEqual(
    [...candidates(r)].map((c) => formatIPv4(c.ip)),
    ['10.0.0.10', '10.0.0.12'],
  );
});

test('exhaustion: every candidate taken gives undefined', () => {
  assert.equal(
    next(small, ips('10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'), '10.0.0.6'),
    undefined,
  );
});

test('a range set moves to the next range and wraps back to the first', () => {
  const set = [range({ subnet: '10.0.0.0/30' }), range({ subnet: '10.0.1.0/30' })];
  // /30: .1 is the gateway, .2 the only other usable address.
  assert.deepEqual(
    [...candidates(set)].map((c) => formatIPv4(c.ip)),
    ['10.0.0.2', '10.0.1.2'],
  );
  assert.equal(next(set, ips(), '10.0.0.2'), '10.0.1.2');
  assert.equal(next(set, ips(), '10.0.1.2'), '10.0.0.2');
  const found = nextFree(set, ips('10.0.0.2'));
  assert.equal(found?.range.subnet.network, parseIPv4('10.0.1.0'));
});

test('candidates visit every address exactly once, ending with the last reserved', () => {
  const order = [...candidates(small, parseIPv4('10.0.0.4'))].map((c) => formatIPv4(c.ip));
  assert.deepEqual(order, ['10.0.0.5', '10.0.0.6', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
});

test('freeCount counts usable addresses not reserved, ignoring addresses outside the set', () => {
  assert.equal(freeCount(small, ips()), 5);
  assert.equal(freeCount(small, ips('10.0.0.2', '10.0.0.1', '172.16.0.1')), 4);
});
