import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NftJson } from '../../kernel/types.js';
import { masqAddScript, masqDelScript, masqElements } from './masq.js';
import { masqChain } from './names.js';

test('ADD declares the table, map and chains idempotently and adds the pod element in one script', () => {
  const chain = masqChain('podnet');
  assert.match(chain, /^masq_[0-9a-f]{8}$/);
  assert.equal(
    masqAddScript('podnet', [{ address: '10.244.1.5/24', gateway: '10.244.1.1' }]),
    [
      'add table ip flatnet_cni',
      'add map ip flatnet_cni masq_sources { type ipv4_addr : verdict; }',
      'add chain ip flatnet_cni postrouting { type nat hook postrouting priority srcnat; policy accept; }',
      'flush chain ip flatnet_cni postrouting',
      'add rule ip flatnet_cni postrouting ip saddr vmap @masq_sources',
      `add chain ip flatnet_cni ${chain}`,
      `flush chain ip flatnet_cni ${chain}`,
      `add rule ip flatnet_cni ${chain} ip daddr 10.244.1.0/24 return`,
      `add rule ip flatnet_cni ${chain} ip daddr 224.0.0.0/4 return`,
      `add rule ip flatnet_cni ${chain} masquerade`,
      `add element ip flatnet_cni masq_sources { 10.244.1.5 : jump ${chain} }`,
      '',
    ].join('\n'),
  );
});

// `nft -j list ruleset` as nft 1.0.6 prints it for the table above (trimmed to what matters).
const RULESET: NftJson = {
  nftables: [
    { metainfo: { version: '1.0.6' } },
    { table: { family: 'ip', name: 'flatnet_cni', handle: 1 } },
    {
      map: {
        family: 'ip',
        name: 'masq_sources',
        table: 'flatnet_cni',
        type: 'ipv4_addr',
        map: 'verdict',
        elem: [
          ['10.244.1.5', { jump: { target: 'masq_abcd1234' } }],
          ['10.244.1.6', { jump: { target: 'masq_abcd1234' } }],
        ],
      },
    },
    { map: { family: 'ip', name: 'other', table: 'someone_else', elem: [['10.9.9.9', { accept: null }]] } },
  ],
};

test('DEL deletes only the elements that are present (nft 1.0.6 has no "destroy element")', () => {
  const present = masqElements(RULESET);
  assert.deepEqual([...present], ['10.244.1.5', '10.244.1.6']);
  assert.equal(
    masqDelScript(present, ['10.244.1.6', '10.244.1.77']),
    'delete element ip flatnet_cni masq_sources { 10.244.1.6 }\n',
  );
  assert.equal(masqDelScript(present, ['10.244.1.77']), undefined);
  assert.equal(masqDelScript(masqElements({ nftables: [] }), ['10.244.1.5']), undefined);
});
