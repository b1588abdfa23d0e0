import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CNI_CODE, CniError } from './errors.js';
import { decodeResult, encodeResult, type CniResult } from './result.js';

const RESULT: CniResult = {
  interfaces: [
    { name: 'cni0', mac: '0a:58:0a:f4:01:01', mtu: 1450 },
    { name: 'veth1a2b3c4d', mac: '02:00:00:00:00:02', mtu: 1450 },
    { name: 'eth0', mac: '02:00:00:00:00:03', mtu: 1450, sandbox: '/run/netns/pod-a' },
  ],
  ips: [{ address: '10.244.1.2/24', gateway: '10.244.1.1', interface: 2 }],
  routes: [{ dst: '0.0.0.0/0', gw: '10.244.1.1' }],
  dns: {},
};

test('1.1.0 results carry interface MTUs; 1.0.0 results do not (SPEC.md 1.1.0 added mtu)', () => {
  const v11 = encodeResult(RESULT, '1.1.0');
  assert.equal(v11['cniVersion'], '1.1.0');
  assert.equal((v11['interfaces'] as { mtu?: number }[])[2]!.mtu, 1450);
  const v10 = encodeResult(RESULT, '1.0.0');
  assert.equal((v10['interfaces'] as { mtu?: number }[])[2]!.mtu, undefined);
  assert.deepEqual(v10['ips'], [{ address: '10.244.1.2/24', gateway: '10.244.1.1', interface: 2 }]);
  assert.deepEqual(v10['dns'], {});
});

test('0.3.x/0.4.0 results carry "version": "4" on each IP', () => {
  for (const version of ['0.3.0', '0.3.1', '0.4.0'] as const) {
    assert.equal((encodeResult(RESULT, version)['ips'] as { version?: string }[])[0]!.version, '4');
  }
});

test('routes are left out when there are none; dns is always printed', () => {
  const out = encodeResult({ ips: [{ address: '10.0.0.2/24' }], routes: [], dns: {} }, '1.0.0');
  assert.deepEqual(Object.keys(out), ['cniVersion', 'ips', 'dns']);
});

test('decodeResult round-trips every supported encoding', () => {
  for (const version of ['0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const) {
    const back = decodeResult(JSON.parse(JSON.stringify(encodeResult(RESULT, version))));
    assert.deepEqual(back.ips, RESULT.ips);
    assert.deepEqual(back.routes, RESULT.routes);
    assert.equal(back.interfaces?.[2]?.sandbox, '/run/netns/pod-a');
  }
});

test('a malformed result is code 6', () => {
  for (const bad of [
    null,
    [],
    { ips: 'x' },
    { ips: [{ address: 'nope' }] },
    { routes: [{ gw: '1.2.3.4' }] },
  ]) {
    assert.throws(
      () => decodeResult(bad),
      (err: unknown) => err instanceof CniError && err.cniCode === CNI_CODE.DECODE_FAILURE,
      JSON.stringify(bad),
    );
  }
});
