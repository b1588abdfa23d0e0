import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIPv4 } from '../../lib/ipv4.js';
import { makeBridgeConf, makeEnv, withIpam, withField, type Tweak } from '../fixtures.js';
import { parseEnv } from '../spec/env.js';
import { CNI_CODE, CniError } from '../spec/errors.js';
import { parseBase, type Json } from '../spec/netconf.js';
import { DEFAULT_DATA_DIR, parseIpamConfig } from './config.js';

function parse(conf: Json, command = 'ADD', env: Record<string, string> = {}) {
  return parseIpamConfig(conf, parseBase(conf), parseEnv({ ...makeEnv(command), ...env }));
}

test("host-local's defaults: gateway .1, range .1-.254 (the gateway is skipped), default dataDir", () => {
  const conf = parse(makeBridgeConf(withIpam({ dataDir: undefined })));
  const [range] = conf.rangeSets[0]!;
  assert.deepEqual([range!.start, range!.end, range!.gateway].map(formatIPv4), [
    '10.244.1.1',
    '10.244.1.254',
    '10.244.1.1',
  ]);
  assert.equal(conf.dataDir, DEFAULT_DATA_DIR);
  assert.equal(conf.network, 'podnet');
});

test('the old single range comes first, then `ranges`; routes are kept', () => {
  const conf = parse(
    makeBridgeConf(
      withIpam({
        rangeStart: '10.244.1.10',
        rangeEnd: '10.244.1.20',
        gateway: '10.244.1.254',
        ranges: [[{ subnet: '10.245.0.0/24' }, { subnet: '10.246.0.0/24' }]],
        routes: [{ dst: '0.0.0.0/0' }, { dst: '10.96.0.0/12', gw: '10.244.1.254' }],
      }),
    ),
  );
  assert.equal(conf.rangeSets.length, 2);
  assert.deepEqual(
    [conf.rangeSets[0]![0]!.start, conf.rangeSets[0]![0]!.end, conf.rangeSets[0]![0]!.gateway].map(
      formatIPv4,
    ),
    ['10.244.1.10', '10.244.1.20', '10.244.1.254'],
  );
  assert.equal(conf.rangeSets[1]!.length, 2);
  assert.deepEqual(conf.routes, [{ dst: '0.0.0.0/0' }, { dst: '10.96.0.0/12', gw: '10.244.1.254' }]);
});

const ipam = (fields: Json): Tweak => withIpam({ subnet: undefined, ...fields });

// Every bad configuration, with the code the runtime gets (SPEC.md Section 5 "Error").
const BAD: [what: string, tweak: Tweak, code: number, command?: string][] = [
  ['no ipam section', withField('ipam', undefined), CNI_CODE.INVALID_CONFIG],
  ['ipam is no object', withField('ipam', 'host-local'), CNI_CODE.INVALID_CONFIG],
  ['no ranges at all', ipam({}), CNI_CODE.INVALID_CONFIG],
  ['a subnet that is no CIDR', withIpam({ subnet: '10.244.1.0' }), CNI_CODE.INVALID_CONFIG],
  ['a subnet with host bits', withIpam({ subnet: '10.244.1.7/24' }), CNI_CODE.INVALID_CONFIG],
  ['a subnet of the wrong type', withIpam({ subnet: 24 }), CNI_CODE.INVALID_CONFIG],
  ['a /31 (too small)', withIpam({ subnet: '10.244.1.0/31' }), CNI_CODE.INVALID_CONFIG],
  ['an IPv6 subnet', withIpam({ subnet: 'fd00::/64' }), CNI_CODE.UNSUPPORTED_FIELD],
  ['rangeStart outside the subnet', withIpam({ rangeStart: '10.244.2.1' }), CNI_CODE.INVALID_CONFIG],
  ['rangeEnd outside the subnet', withIpam({ rangeEnd: '10.244.2.1' }), CNI_CODE.INVALID_CONFIG],
  ['rangeEnd on the broadcast address', withIpam({ rangeEnd: '10.244.1.255' }), CNI_CODE.INVALID_CONFIG],
  [
    'rangeStart after rangeEnd',
    withIpam({ rangeStart: '10.244.1.9', rangeEnd: '10.244.1.5' }),
    CNI_CODE.INVALID_CONFIG,
  ],
  ['a gateway outside the subnet', withIpam({ gateway: '10.0.0.1' }), CNI_CODE.INVALID_CONFIG],
  ['a gateway that is no IP', withIpam({ gateway: '10.244.1' }), CNI_CODE.INVALID_CONFIG],
  ['ranges is no list', ipam({ ranges: { subnet: '10.1.0.0/24' } }), CNI_CODE.INVALID_CONFIG],
  ['a range set that is no list', ipam({ ranges: [{ subnet: '10.1.0.0/24' }] }), CNI_CODE.INVALID_CONFIG],
  ['an empty range set', ipam({ ranges: [[]] }), CNI_CODE.INVALID_CONFIG],
  ['a range without subnet', ipam({ ranges: [[{ rangeStart: '10.1.0.5' }]] }), CNI_CODE.INVALID_CONFIG],
  [
    'overlapping ranges in a set',
    ipam({ ranges: [[{ subnet: '10.1.0.0/24' }, { subnet: '10.1.0.0/25' }]] }),
    CNI_CODE.INVALID_CONFIG,
  ],
  [
    'overlapping range sets',
    ipam({ ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: '10.1.0.0/16' }]] }),
    CNI_CODE.INVALID_CONFIG,
  ],
  ['a route without dst', withIpam({ routes: [{ gw: '10.244.1.1' }] }), CNI_CODE.INVALID_CONFIG],
  ['a route dst that is no CIDR', withIpam({ routes: [{ dst: 'default' }] }), CNI_CODE.INVALID_CONFIG],
  [
    'a route gw that is no IP',
    withIpam({ routes: [{ dst: '0.0.0.0/0', gw: 'gw' }] }),
    CNI_CODE.INVALID_CONFIG,
  ],
  ['an IPv6 route', withIpam({ routes: [{ dst: '::/0' }] }), CNI_CODE.UNSUPPORTED_FIELD],
  ['a relative dataDir', withIpam({ dataDir: 'state' }), CNI_CODE.INVALID_CONFIG],
  ['resolvConf', withIpam({ resolvConf: '/etc/resolv.conf' }), CNI_CODE.UNSUPPORTED_FIELD],
  [
    'requested runtimeConfig.ips',
    withField('runtimeConfig', { ips: ['10.244.1.9/24'] }),
    CNI_CODE.UNSUPPORTED_FIELD,
  ],
  ['requested args.cni.ips', withField('args', { cni: { ips: ['10.244.1.9'] } }), CNI_CODE.UNSUPPORTED_FIELD],
  ['GC without valid attachments', () => undefined, CNI_CODE.INVALID_CONFIG, 'GC'],
  [
    'GC with a malformed attachment',
    withField('cni.dev/valid-attachments', [{ containerID: 'a' }]),
    CNI_CODE.INVALID_CONFIG,
    'GC',
  ],
];

for (const [what, tweak, code, command] of BAD) {
  test(`${what}: code ${code}`, () => {
    assert.throws(
      () => parse(makeBridgeConf(tweak), command),
      (err: unknown) => err instanceof CniError && err.cniCode === code,
    );
  });
}

test('a requested IP in CNI_ARGS is code 2 naming the key and value', () => {
  assert.throws(
    () => parse(makeBridgeConf(), 'ADD', { CNI_ARGS: 'IgnoreUnknown=1;IP=10.244.1.9' }),
    (err: unknown) => err instanceof CniError && err.cniCode === 2 && /IP.*10\.244\.1\.9/.test(err.message),
  );
});

test('GC reads cni.dev/valid-attachments', () => {
  const conf = parse(
    makeBridgeConf(withField('cni.dev/valid-attachments', [{ containerID: 'a', ifname: 'eth0' }])),
    'GC',
  );
  assert.deepEqual(conf.validAttachments, [{ containerId: 'a', ifname: 'eth0' }]);
});
