import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeKernel } from '../kernel/index.js';
import { isInvalidInput } from '../lib/errors.js';
import { masqueradeScript } from './masquerade.js';
import { sysctlPlan } from './sysctls.js';

test('SNAT: one table, chain flushed and refilled in the same transaction, pod -> outside only', () => {
  assert.equal(
    masqueradeScript('10.244.0.0/16'),
    [
      'add table ip flatnet-nat',
      'add chain ip flatnet-nat postrouting { type nat hook postrouting priority srcnat; policy accept; }',
      'flush chain ip flatnet-nat postrouting',
      'add rule ip flatnet-nat postrouting ip saddr 10.244.0.0/16 ip daddr != 10.244.0.0/16 ip daddr != 224.0.0.0/4 masquerade fully-random',
      '',
    ].join('\n'),
  );
});

test('SNAT: the cluster CIDR is validated before it reaches nft', () => {
  for (const bad of ['10.244.0.0/16; flush ruleset', '10.244.0.1/16'])
    assert.throws(() => masqueradeScript(bad), isInvalidInput);
});

test('SNAT: applying the script twice leaves one table (idempotent)', async () => {
  const kernel = new FakeKernel();
  await kernel.createNetns('n1');
  const host = kernel.host('n1');
  await host.nftApply(masqueradeScript('10.244.0.0/16'));
  await host.nftApply(masqueradeScript('10.244.0.0/16'));
  assert.deepEqual(
    (await host.nftList()).nftables
      .filter((o) => 'table' in o)
      .map((o) => (o['table'] as { name: string }).name),
    ['flatnet-nat'],
  );
});

test('sysctls: forwarding on; strict reverse-path filtering loosened, off left off', () => {
  const plan = sysctlPlan(
    new Map([
      ['net.ipv4.ip_forward', '0'],
      ['net.ipv4.conf.all.rp_filter', '1'],
      ['net.ipv4.conf.eth0.rp_filter', '0'],
    ]),
  );
  assert.deepEqual(plan, [
    ['net.ipv4.ip_forward', '1'],
    ['net.ipv4.conf.all.rp_filter', '2'],
  ]);
  assert.deepEqual(sysctlPlan(new Map([['net.ipv4.ip_forward', '1']])), []);
});
