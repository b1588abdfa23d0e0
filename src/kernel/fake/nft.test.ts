import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeKernel } from './fake-kernel.js';

const tablesAfter = async (...scripts: string[]) => {
  const kernel = new FakeKernel();
  await kernel.createNetns('n1');
  const host = kernel.host('n1');
  for (const script of scripts) await host.nftApply(script);
  return (await host.nftList()).nftables.slice(1).map((o) => o['table']);
};

test('reads tables from blocks, commands, one-liners, comments and quotes', async () => {
  const script = [
    '# table ip commented {',
    'table inet flatnet { chain c { comment "a } brace"; } }',
    'add table nat; add chain nat postrouting { type nat hook postrouting priority 100; }',
    'table ip6 six {',
    '  set s { type ipv6_addr; }',
    '}',
  ].join('\n');
  assert.deepEqual(await tablesAfter(script), [
    { family: 'inet', name: 'flatnet', handle: 1 },
    // No family means ip, as for nft.
    { family: 'ip', name: 'nat', handle: 2 },
    { family: 'ip6', name: 'six', handle: 3 },
  ]);
});

test('redeclaring a table keeps it; flush table needs it; handles keep counting', async () => {
  assert.deepEqual(
    await tablesAfter('table inet t {}\n', 'table inet t { chain c {} }\nflush table inet t\n'),
    [{ family: 'inet', name: 't', handle: 1 }],
  );
  assert.deepEqual(await tablesAfter('add table ip a\ndelete table ip a\nadd table ip b\n'), [
    { family: 'ip', name: 'b', handle: 2 },
  ]);
});

test('a failing script changes nothing', async () => {
  const kernel = new FakeKernel();
  await kernel.createNetns('n1');
  const host = kernel.host('n1');
  await host.nftApply('table inet keep {}\n');
  const bad: [string, string][] = [
    ['flush ruleset\nflush table inet nothere\n', 'ENOTFOUND'],
    ['flush ruleset\nadd rule inet nothere c accept\n', 'ENOTFOUND'],
    ['table inet x {\n', 'EINVAL'],
    ['}\n', 'EINVAL'],
    ['bogus inet keep\n', 'EINVAL'],
  ];
  for (const [script, code] of bad) await assert.rejects(host.nftApply(script), { code }, script);
  assert.deepEqual((await host.nftList()).nftables.slice(1), [
    { table: { family: 'inet', name: 'keep', handle: 1 } },
  ]);
});
