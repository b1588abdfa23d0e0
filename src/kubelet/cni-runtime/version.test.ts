import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCniError } from './errors.js';
import { convertResult, parseResult } from './result.js';
import type { CniResult } from './types.js';
import { compareVersions, negotiate, parseVersionInfo } from './version.js';

const DEBIAN_1_1_1 = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0'];

describe('negotiate', () => {
  const cases: { list: string; plugin: string[]; want: string | RegExp }[] = [
    { list: '1.0.0', plugin: DEBIAN_1_1_1, want: '1.0.0' },
    { list: '1.1.0', plugin: DEBIAN_1_1_1, want: '1.0.0' },
    { list: '1.1.0', plugin: [...DEBIAN_1_1_1, '1.1.0'], want: '1.1.0' },
    { list: '1.1.0', plugin: ['0.3.1', '0.4.0'], want: '0.4.0' },
    { list: '0.4.0', plugin: DEBIAN_1_1_1, want: '0.4.0' },
    // Never above what the conflist asked for, never below what this runtime speaks.
    { list: '0.4.0', plugin: ['1.0.0', '1.1.0'], want: /incompatible CNI versions/ },
    { list: '1.1.0', plugin: ['0.1.0', '0.2.0', '0.3.1'], want: /incompatible CNI versions/ },
  ];
  for (const c of cases) {
    test(`${c.list} with a plugin supporting ${c.plugin.join(',')}`, () => {
      if (typeof c.want === 'string') assert.equal(negotiate(c.list, c.plugin, 'p'), c.want);
      else {
        assert.throws(
          () => negotiate(c.list, c.plugin, 'p'),
          (err) =>
            isCniError(err) &&
            err.code === 'ECNI_VERSION' &&
            err.cniCode === 1 &&
            (c.want as RegExp).test(err.message),
        );
      }
    });
  }

  test('compareVersions orders numerically', () => {
    assert.deepEqual(['1.1.0', '0.10.0', '0.4.0', '1.0.0', '0.3.1'].sort(compareVersions), [
      '0.3.1',
      '0.4.0',
      '0.10.0',
      '1.0.0',
      '1.1.0',
    ]);
  });
});

describe('parseVersionInfo', () => {
  test('reads supportedVersions', () => {
    const stdout = JSON.stringify({ cniVersion: '1.0.0', supportedVersions: DEBIAN_1_1_1 });
    assert.deepEqual(parseVersionInfo(stdout, 'bridge'), DEBIAN_1_1_1);
  });
  test('a 0.2.0 reply without a list means 0.1.0 and 0.2.0', () => {
    assert.deepEqual(parseVersionInfo('{"cniVersion":"0.2.0"}', 'old'), ['0.1.0', '0.2.0']);
  });
  for (const [name, stdout] of [
    ['garbage', 'Usage: plugin'],
    ['no cniVersion', '{"supportedVersions":["1.0.0"]}'],
    ['no list', '{"cniVersion":"1.0.0"}'],
  ] as const) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => parseVersionInfo(stdout, 'p'),
        (err) => isCniError(err) && err.code === 'ECNI_EXEC',
      );
    });
  }
});

describe('result conversion', () => {
  const v1: CniResult = {
    cniVersion: '1.0.0',
    interfaces: [{ name: 'eth0', sandbox: '/run/netns/p' }],
    ips: [
      { address: '10.0.0.2/24', gateway: '10.0.0.1', interface: 0 },
      { address: 'fd00::2/64', interface: 0 },
    ],
    routes: [{ dst: '0.0.0.0/0', mtu: 1400 }],
    dns: {},
  };
  const v04: CniResult = {
    ...v1,
    cniVersion: '0.4.0',
    ips: [
      { address: '10.0.0.2/24', gateway: '10.0.0.1', interface: 0, version: '4' },
      { address: 'fd00::2/64', interface: 0, version: '6' },
    ],
  };
  const cases: { name: string; from: CniResult; to: string; want: CniResult }[] = [
    { name: '1.0.0 -> 0.4.0 adds ips[].version', from: v1, to: '0.4.0', want: v04 },
    { name: '0.4.0 -> 1.0.0 removes it', from: v04, to: '1.0.0', want: v1 },
    { name: '0.4.0 -> 1.1.0', from: v04, to: '1.1.0', want: { ...v1, cniVersion: '1.1.0' } },
    { name: '1.1.0 -> 1.0.0 is the same shape', from: { ...v1, cniVersion: '1.1.0' }, to: '1.0.0', want: v1 },
    { name: 'same version is untouched', from: v1, to: '1.0.0', want: v1 },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(convertResult(c.from, c.to), c.want));
  }

  test('parseResult takes the sent version when the result has none (libcni #895)', () => {
    assert.equal(parseResult('{"ips":[]}', '1.0.0', 'p').cniVersion, '1.0.0');
    assert.equal(parseResult('null', '1.0.0', 'p').cniVersion, '1.0.0');
  });

  for (const [name, stdout] of [
    ['garbage', 'ok!'],
    ['an array', '[]'],
    ['ips not a list', '{"cniVersion":"1.0.0","ips":{}}'],
    ['unsupported version', '{"cniVersion":"0.2.0","ip4":{}}'],
  ] as const) {
    test(`parseResult rejects ${name}`, () => {
      assert.throws(
        () => parseResult(stdout, '1.0.0', 'p'),
        (err) => isCniError(err) && err.code === 'ECNI_EXEC' && err.cniCode === 6,
      );
    });
  }
});
