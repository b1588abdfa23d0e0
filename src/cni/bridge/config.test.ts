import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeBridgeConf, makeEnv, withField, without, type Tweak } from '../fixtures.js';
import { parseEnv } from '../spec/env.js';
import { CNI_CODE, CniError } from '../spec/errors.js';
import { parseBase, type Json } from '../spec/netconf.js';
import { parseBridgeConfig } from './config.js';

function parse(conf: Json, env: Record<string, string> = {}) {
  return parseBridgeConfig(conf, parseBase(conf), parseEnv({ ...makeEnv('ADD'), ...env }));
}

test('the reference defaults: bridge cni0, no gateway, no hairpin, no masquerade, kernel MTU', () => {
  const conf = parse({
    cniVersion: '1.0.0',
    name: 'n',
    type: 'flatnet-bridge',
    ipam: { type: 'flatnet-ipam' },
  });
  assert.deepEqual(conf, {
    bridge: 'cni0',
    isGateway: false,
    isDefaultGateway: false,
    hairpinMode: false,
    ipMasq: false,
    ipamType: 'flatnet-ipam',
  });
});

test('isDefaultGateway implies isGateway (bridge.go cmdAdd)', () => {
  const conf = parse(makeBridgeConf(withField('isGateway', false)));
  assert.deepEqual([conf.isGateway, conf.isDefaultGateway], [true, true]);
});

test('mtu 0 means the default; dns and prevResult are read', () => {
  const conf = parse(
    makeBridgeConf(
      withField('mtu', 0),
      withField('dns', { nameservers: ['10.96.0.10'], search: ['svc.cluster.local'] }),
      withField('prevResult', { cniVersion: '1.0.0', ips: [{ address: '10.244.1.2/24' }] }),
    ),
  );
  assert.equal(conf.mtu, undefined);
  assert.deepEqual(conf.dns, { nameservers: ['10.96.0.10'], search: ['svc.cluster.local'] });
  assert.deepEqual(conf.prevResult?.ips, [{ address: '10.244.1.2/24' }]);
});

test('unknown keys are ignored (SPEC.md: plugins may ignore fields they do not know)', () => {
  assert.equal(parse(makeBridgeConf(withField('someVendorKey', { x: 1 }))).bridge, 'cni0');
});

const BAD: [what: string, tweak: Tweak, code: number, env?: Record<string, string>][] = [
  ['no ipam section', without('ipam'), CNI_CODE.INVALID_CONFIG],
  ['ipam without type', withField('ipam', { subnet: '10.0.0.0/24' }), CNI_CODE.INVALID_CONFIG],
  ['an ipam type with a path', withField('ipam', { type: '../host-local' }), CNI_CODE.INVALID_CONFIG],
  ['a bridge name too long', withField('bridge', 'a-very-long-bridge-name'), CNI_CODE.INVALID_CONFIG],
  ['a bridge name with a slash', withField('bridge', 'br/0'), CNI_CODE.INVALID_CONFIG],
  ['an mtu below 68', withField('mtu', 40), CNI_CODE.INVALID_CONFIG],
  ['an mtu that is no integer', withField('mtu', '1450'), CNI_CODE.INVALID_CONFIG],
  ['isGateway as a string', withField('isGateway', 'true'), CNI_CODE.INVALID_CONFIG],
  ['hairpinMode with promiscMode', withField('promiscMode', true), CNI_CODE.INVALID_CONFIG],
  ['dns that is no object', withField('dns', ['10.96.0.10']), CNI_CODE.INVALID_CONFIG],
  ['a malformed prevResult', withField('prevResult', { ips: [{ address: 'x' }] }), CNI_CODE.DECODE_FAILURE],
  ['a VLAN', withField('vlan', 100), CNI_CODE.UNSUPPORTED_FIELD],
  ['MAC spoof checking', withField('macspoofchk', true), CNI_CODE.UNSUPPORTED_FIELD],
  ['an iptables masquerade backend', withField('ipMasqBackend', 'iptables'), CNI_CODE.UNSUPPORTED_FIELD],
  [
    'a requested MAC in runtimeConfig',
    withField('runtimeConfig', { mac: '02:00:00:00:00:01' }),
    CNI_CODE.UNSUPPORTED_FIELD,
  ],
  [
    'a requested MAC in CNI_ARGS',
    () => undefined,
    CNI_CODE.UNSUPPORTED_FIELD,
    { CNI_ARGS: 'MAC=02:00:00:00:00:01' },
  ],
];

for (const [what, tweak, code, env] of BAD) {
  test(`${what}: code ${code}`, () => {
    assert.throws(
      () => parse(makeBridgeConf(tweak), env),
      (err: unknown) => err instanceof CniError && err.cniCode === code,
    );
  });
}

test('promiscMode alone is code 2 naming the field and value', () => {
  assert.throws(
    () => parse(makeBridgeConf(withField('hairpinMode', false), withField('promiscMode', true))),
    (err: unknown) => err instanceof CniError && err.cniCode === 2 && /promiscMode=true/.test(err.message),
  );
});
