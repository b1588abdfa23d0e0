import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cidrContains,
  cidrsOverlap,
  formatCidr,
  formatIPv4,
  isIPv4,
  nthAddress,
  nthSubnet,
  parseCidr,
  parseIPv4,
} from './ipv4.js';

test('parses and formats IPv4 addresses', () => {
  for (const text of ['0.0.0.0', '10.244.1.2', '172.30.0.11', '255.255.255.255']) {
    assert.equal(formatIPv4(parseIPv4(text)), text);
  }
});

test('rejects malformed IPv4 addresses', () => {
  for (const text of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', 'a.b.c.d', '1.2.3.4 ', '-1.2.3.4']) {
    assert.equal(isIPv4(text), false, text);
    assert.throws(() => parseIPv4(text), /invalid IPv4/);
  }
});

test('parses CIDRs, masking host bits unless strict', () => {
  assert.equal(formatCidr(parseCidr('10.244.1.7/24')), '10.244.1.0/24');
  assert.throws(() => parseCidr('10.244.1.7/24', { strict: true }), /host bits set/);
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/x']) {
    assert.throws(() => parseCidr(bad), /invalid CIDR/, bad);
  }
});

test('containment and overlap', () => {
  const pods = parseCidr('10.244.0.0/16');
  assert.equal(cidrContains(pods, parseIPv4('10.244.9.1')), true);
  assert.equal(cidrContains(pods, parseIPv4('10.245.0.1')), false);
  assert.equal(cidrsOverlap(pods, parseCidr('10.244.3.0/24')), true);
  assert.equal(cidrsOverlap(pods, parseCidr('10.96.0.0/12')), false);
  assert.equal(cidrsOverlap(parseCidr('0.0.0.0/0'), parseCidr('172.30.0.0/24')), true);
});

test('nth address and nth subnet', () => {
  const underlay = parseCidr('172.30.0.0/24');
  assert.equal(formatIPv4(nthAddress(underlay, 11)), '172.30.0.11');
  assert.throws(() => nthAddress(underlay, 256), /outside/);
  assert.equal(formatCidr(nthSubnet(parseCidr('10.244.0.0/16'), 24, 3)), '10.244.3.0/24');
  assert.throws(() => nthSubnet(parseCidr('10.244.0.0/16'), 24, 256), /outside/);
  assert.throws(() => nthSubnet(parseCidr('10.244.0.0/16'), 8, 0), /cannot cut/);
});
