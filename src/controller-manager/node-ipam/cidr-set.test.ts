import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CidrSet } from './cidr-set.js';

test('node subnets are the lowest free /24s of the cluster CIDR, one per node', () => {
  const set = new CidrSet('10.244.0.0/16', 24);
  assert.equal(set.capacity, 256);
  assert.equal(set.allocate('n1'), '10.244.0.0/24');
  assert.equal(set.allocate('n2'), '10.244.1.0/24');
  assert.equal(set.allocate('n1'), '10.244.0.0/24', 'asking again returns the same subnet');
});

test('subnets read back after a restart are never handed out again, and released ones are reused', () => {
  const set = new CidrSet('10.244.0.0/16', 24);
  assert.equal(set.occupy('10.244.0.0/24', 'n1'), undefined);
  assert.equal(set.occupy('10.244.2.0/24', 'n3'), undefined);
  assert.equal(set.occupy('10.244.2.0/24', 'other'), 'n3');
  assert.equal(set.occupy('10.245.0.0/24', 'x'), 'outside');
  assert.equal(set.occupy('10.244.3.0/25', 'x'), 'outside');
  assert.equal(set.allocate('n2'), '10.244.1.0/24');
  assert.equal(set.allocate('n4'), '10.244.3.0/24');
  assert.deepEqual(set.releaseOwner('n3'), ['10.244.2.0/24']);
  assert.equal(set.allocate('n5'), '10.244.2.0/24');
});

test('an exhausted range allocates nothing', () => {
  const set = new CidrSet('10.244.0.0/23', 24);
  set.allocate('a');
  set.allocate('b');
  assert.equal(set.allocate('c'), undefined);
  assert.throws(() => new CidrSet('10.244.0.0/16', 8), /does not fit/);
});
