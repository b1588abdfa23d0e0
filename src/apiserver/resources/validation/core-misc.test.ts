import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configMaps, endpoints, events, namespaces, nodes, secrets } from '../core.js';
import { endpointSlices } from '../discovery.js';
import {
  makeConfigMap,
  makeEndpoints,
  makeEndpointSlice,
  makeEvent,
  makeNamespace,
  makeNode,
  makeSecret,
  problems,
  set,
  unset,
} from '../fixtures.js';

const CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const KEY =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

test('namespace: spec.finalizers must be standard or qualified', () => {
  assert.deepEqual(
    problems(namespaces, makeNamespace('shop', set('spec.finalizers', ['kubernetes', 'example.com/x']))),
    [],
  );
  assert.deepEqual(problems(namespaces, makeNamespace('shop', set('spec.finalizers', ['cleanup']))), [
    'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});

test('node: podCIDRs are CIDRs, one per family, set once', () => {
  assert.deepEqual(problems(nodes, makeNode('node-1', set('spec.podCIDR', '10.244.1.0/24'))), []);
  assert.deepEqual(problems(nodes, makeNode('node-1', set('spec.podCIDRs', ['10.244.1.0/33']))), [
    `spec.podCIDRs[0]: Invalid value: "10.244.1.0/33": ${CIDR}`,
  ]);
  assert.deepEqual(
    problems(nodes, makeNode('node-1', set('spec.podCIDRs', ['10.244.1.0/24', '10.244.2.0/24']))),
    [
      'spec.podCIDRs: Invalid value: []string{"10.244.1.0/24", "10.244.2.0/24"}: may specify no more than one CIDR for each IP family',
    ],
  );
  assert.deepEqual(
    problems(nodes, makeNode('node-1', set('spec.podCIDRs', ['10.244.1.0/24', 'fd00:10:244:1::/64']))),
    [],
  );
  assert.deepEqual(
    problems(nodes, makeNode('node-1', set('spec.podCIDR', '10.244.1.0/24')), makeNode('node-1')),
    [],
  );
  assert.deepEqual(
    problems(
      nodes,
      makeNode('node-1', set('spec.podCIDR', '10.244.2.0/24')),
      makeNode('node-1', set('spec.podCIDR', '10.244.1.0/24')),
    ),
    ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid'],
  );
});

test('configmap: keys are config keys; one key not in both maps; immutable stays immutable', () => {
  assert.deepEqual(
    problems(configMaps, makeConfigMap('cfg', set('data', { 'app.conf': 'x', KEY_2: 'y' }))),
    [],
  );
  assert.deepEqual(
    problems(configMaps, makeConfigMap('cfg', set('data', { 'bad key': 'x', '..': 'y', '..x': 'z' }))),
    [
      'data[..]: Invalid value: "..": must not be \'..\'',
      'data[..x]: Invalid value: "..x": must not start with \'..\'',
      `data[bad key]: Invalid value: "bad key": ${KEY}`,
    ],
  );
  assert.deepEqual(
    problems(configMaps, makeConfigMap('cfg', set('data', { a: 'x' }), set('binaryData', { a: 'eA==' }))),
    ['data[a]: Invalid value: "a": duplicate of key present in binaryData'],
  );
  assert.deepEqual(
    problems(configMaps, makeConfigMap('cfg', set('data', { big: 'x'.repeat(1024 * 1024 + 1) }))),
    [
      // The whole object is too big: the field path is empty.
      ': Too long: may not be more than 1048576 bytes',
    ],
  );
  const frozen = makeConfigMap('cfg', set('immutable', true), set('data', { a: '1' }));
  assert.deepEqual(
    problems(configMaps, makeConfigMap('cfg', set('immutable', true), set('data', { a: '2' })), frozen),
    ['data: Forbidden: field is immutable when `immutable` is set'],
  );
  assert.deepEqual(problems(configMaps, makeConfigMap('cfg', set('data', { a: '1' })), frozen), [
    'immutable: Forbidden: field is immutable when `immutable` is set',
  ]);
});

test('secret: keys, required keys per type, immutable type', () => {
  assert.deepEqual(problems(secrets, makeSecret('s', set('stringData', { password: 'x' }))), []);
  assert.deepEqual(problems(secrets, makeSecret('s', set('data', { 'a b': 'eA==' }))), [
    `data[a b]: Invalid value: "a b": ${KEY}`,
  ]);
  assert.deepEqual(problems(secrets, makeSecret('tls', set('type', 'kubernetes.io/tls'))), [
    'data[tls.crt]: Required value',
    'data[tls.key]: Required value',
  ]);
  assert.deepEqual(problems(secrets, makeSecret('b', set('type', 'kubernetes.io/basic-auth'))), [
    'data[username]: Required value',
    'data[password]: Required value',
  ]);
  assert.deepEqual(
    problems(
      secrets,
      makeSecret(
        's',
        set('type', 'kubernetes.io/tls'),
        set('data', { 'tls.crt': 'eA==', 'tls.key': 'eA==' }),
      ),
      makeSecret('s'),
    ),
    ['type: Invalid value: "kubernetes.io/tls": field is immutable'],
  );
});

test('endpoints: addresses are usable IPs, ports named when several', () => {
  const subset = (s: Record<string, unknown>) => makeEndpoints('web', set('subsets', [s]));
  assert.deepEqual(
    problems(endpoints, subset({ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 8080 }] })),
    [],
  );
  assert.deepEqual(problems(endpoints, subset({ ports: [{ port: 80 }] })), [
    'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
  ]);
  assert.deepEqual(
    problems(endpoints, subset({ addresses: [{ ip: '127.0.0.1' }], notReadyAddresses: [{ ip: 'x' }] })),
    [
      'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "x": must be a valid IP address',
    ],
  );
  assert.deepEqual(
    problems(
      endpoints,
      subset({ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }, { port: 0, protocol: 'ICMP' }] }),
    ),
    [
      'subsets[0].ports[0].name: Required value',
      'subsets[0].ports[1].name: Required value',
      'subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'subsets[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ],
  );
});

test('event: a core/v1 event lives in the namespace of its object', () => {
  assert.deepEqual(problems(events, makeEvent('web.1')), []);
  assert.deepEqual(
    problems(events, makeEvent('node.1', set('involvedObject', { kind: 'Node', name: 'node-1' }))),
    [],
  );
  assert.deepEqual(problems(events, makeEvent('web.1', set('involvedObject.namespace', 'other'))), [
    'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
  ]);
  assert.deepEqual(
    problems(
      events,
      makeEvent('web.1', set('metadata.namespace', 'shop'), unset('involvedObject.namespace')),
    ),
    ['involvedObject.namespace: Invalid value: "": does not match event.namespace'],
  );
});

test('endpointslice: addressType, addresses of that type, ports, immutable addressType', () => {
  const endpointsOf = (...addresses: string[][]) =>
    set(
      'endpoints',
      addresses.map((a) => ({ addresses: a })),
    );
  assert.deepEqual(
    problems(
      endpointSlices,
      makeEndpointSlice('web-1', endpointsOf(['10.244.1.5']), set('ports', [{ name: 'http', port: 80 }])),
    ),
    [],
  );
  assert.deepEqual(problems(endpointSlices, makeEndpointSlice('web-1', unset('addressType'))), [
    'addressType: Required value',
  ]);
  assert.deepEqual(problems(endpointSlices, makeEndpointSlice('web-1', set('addressType', 'IPv5'))), [
    'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
  ]);
  assert.deepEqual(
    problems(endpointSlices, makeEndpointSlice('web-1', endpointsOf([], ['fd00::1'], ['0.0.0.0']))),
    [
      'endpoints[0].addresses: Required value: must contain at least 1 address',
      'endpoints[1].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
      'endpoints[2].addresses[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    ],
  );
  assert.deepEqual(
    problems(
      endpointSlices,
      makeEndpointSlice(
        'web-1',
        set('ports', [
          { name: 'http', port: 80 },
          { name: 'http', port: 81, protocol: 'ICMP' },
        ]),
      ),
    ),
    [
      'ports[1].name: Duplicate value: "http"',
      'ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ],
  );
  assert.deepEqual(
    problems(
      endpointSlices,
      makeEndpointSlice('web-1', set('addressType', 'FQDN')),
      makeEndpointSlice('web-1'),
    ),
    ['addressType: Invalid value: "FQDN": field is immutable'],
  );
});
