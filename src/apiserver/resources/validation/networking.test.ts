import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingressClasses, ingresses, networkPolicies } from '../networking.js';
import { makeIngress, makeIngressClass, makeNetworkPolicy, problems, set, unset } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';

const CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const ingressPorts = (...p: Record<string, unknown>[]): Tweak => set('spec.ingress', [{ ports: p }]);
const egressTo = (...to: Record<string, unknown>[]): Tweak => set('spec.egress', [{ to }]);

// [what, tweaks, expected problems] for a NetworkPolicy.
const POLICY_CASES: [string, Tweak[], string[]][] = [
  ['deny all ingress (empty podSelector)', [], []],
  ['a podSelector left out (it reads as {})', [unset('spec.podSelector')], []],
  [
    'a full policy',
    [
      set('spec.podSelector', { matchLabels: { app: 'db' } }),
      set('spec.ingress', [
        {
          from: [{ podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: {} }],
          ports: [{ port: 5432 }, { port: 'pg', protocol: 'TCP' }],
        },
      ]),
      egressTo({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }),
    ],
    [],
  ],
  [
    'an unknown protocol',
    [ingressPorts({ port: 80, protocol: 'ICMP' })],
    ['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'],
  ],
  [
    'port zero',
    [ingressPorts({ port: 0 })],
    ['spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
  ],
  ['a port range', [ingressPorts({ port: 30000, endPort: 32767 })], []],
  [
    'endPort below port',
    [ingressPorts({ port: 8080, endPort: 80 })],
    ['spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`'],
  ],
  [
    'endPort after a named port',
    [ingressPorts({ port: 'http', endPort: 90 })],
    ['spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric'],
  ],
  [
    'endPort without a port',
    [ingressPorts({ endPort: 90 })],
    [
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified',
    ],
  ],
  [
    'an empty peer',
    [set('spec.ingress', [{ from: [{}] }])],
    ['spec.ingress[0].from[0]: Required value: must specify a peer'],
  ],
  [
    'ipBlock next to a selector',
    [egressTo({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} })],
    ['spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer'],
  ],
  [
    'ipBlock without a CIDR',
    [egressTo({ ipBlock: {} })],
    ['spec.egress[0].to[0].ipBlock.cidr: Required value'],
  ],
  [
    'ipBlock with a bad CIDR',
    [egressTo({ ipBlock: { cidr: '10.0.0.0/33' } })],
    [`spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": ${CIDR}`],
  ],
  [
    'exceptions outside or equal to the CIDR',
    [
      egressTo({
        ipBlock: { cidr: '10.0.0.0/16', except: ['192.168.0.0/24', '10.0.0.0/16', '10.0.5.0/24', 'x'] },
      }),
    ],
    [
      'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`',
      'spec.egress[0].to[0].ipBlock.except[1]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
      `spec.egress[0].to[0].ipBlock.except[3]: Invalid value: "x": ${CIDR}`,
    ],
  ],
  [
    'an unknown policy type',
    [set('spec.policyTypes', ['Both'])],
    ['spec.policyTypes[0]: Unsupported value: "Both": supported values: "Ingress", "Egress"'],
  ],
  [
    'three policy types',
    [set('spec.policyTypes', ['Ingress', 'Egress', 'Ingress'])],
    [
      'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
    ],
  ],
  [
    'a bad podSelector label',
    [set('spec.podSelector', { matchLabels: { 'app!': 'db' } })],
    [
      "spec.podSelector.matchLabels: Invalid value: \"app!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  ],
];

for (const [what, tweaks, expected] of POLICY_CASES) {
  test(`networkpolicy: ${what}`, () =>
    assert.deepEqual(problems(networkPolicies, makeNetworkPolicy('np', ...tweaks)), expected));
}

const path0 = 'spec.rules[0].http.paths[0]';
const firstPath = (key: string, value: unknown): Tweak => set(`spec.rules.0.http.paths.0.${key}`, value);

// [what, tweaks, expected problems] for an Ingress.
const INGRESS_CASES: [string, Tweak[], string[]][] = [
  ['a valid ingress', [], []],
  ['a wildcard host', [set('spec.rules.0.host', '*.example.com')], []],
  [
    'a wildcard in the middle',
    [set('spec.rules.0.host', 'web.*.com')],
    [
      "spec.rules[0].host: Invalid value: \"web.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'an IP as host',
    [set('spec.rules.0.host', '10.0.0.1')],
    ['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address'],
  ],
  [
    'no pathType',
    [firstPath('pathType', undefined)],
    [`${path0}.pathType: Required value: pathType must be specified`],
  ],
  [
    'an unknown pathType',
    [firstPath('pathType', 'Regex')],
    [
      `${path0}.pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"`,
    ],
  ],
  [
    'a relative Prefix path',
    [firstPath('path', 'api')],
    [`${path0}.path: Invalid value: "api": must be an absolute path`],
  ],
  [
    'an Exact path with //',
    [firstPath('pathType', 'Exact'), firstPath('path', '/a//b')],
    [`${path0}.path: Invalid value: "/a//b": must not contain '//'`],
  ],
  [
    'a path ending with /..',
    [firstPath('path', '/a/..')],
    [`${path0}.path: Invalid value: "/a/..": cannot end with '/..'`],
  ],
  [
    'ImplementationSpecific without a path',
    [firstPath('pathType', 'ImplementationSpecific'), firstPath('path', undefined)],
    [],
  ],
  [
    'a backend without a port',
    [firstPath('backend', { service: { name: 'web' } })],
    [`${path0}.backend: Required value: port name or number is required`],
  ],
  [
    'a backend with port name and number',
    [firstPath('backend', { service: { name: 'web', port: { name: 'http', number: 80 } } })],
    [`${path0}.backend: Invalid value: "": cannot set both port name & port number`],
  ],
  [
    'a backend service without a name',
    [firstPath('backend', { service: { port: { number: 80 } } })],
    [`${path0}.backend.service.name: Required value`],
  ],
  [
    'no backend',
    [firstPath('backend', {})],
    [`${path0}.backend: Invalid value: "": resource or service backend is required`],
  ],
  [
    'neither rules nor a default backend',
    [set('spec', {})],
    [
      'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ],
  ],
  [
    'only a default backend',
    [set('spec', { defaultBackend: { service: { name: 'web', port: { name: 'http' } } } })],
    [],
  ],
  [
    'a bad TLS secret name',
    [set('spec.tls', [{ hosts: ['*.example.com'], secretName: 'TLS' }])],
    [
      "spec.tls[0].secretName: Invalid value: \"TLS\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'a rule without http paths',
    [set('spec.rules.0.http.paths', [])],
    ['spec.rules[0].http.paths: Required value'],
  ],
];

for (const [what, tweaks, expected] of INGRESS_CASES) {
  test(`ingress: ${what}`, () =>
    assert.deepEqual(problems(ingresses, makeIngress('web', ...tweaks)), expected));
}

test('ingressclass: a domain-prefixed controller, which never changes', () => {
  assert.deepEqual(problems(ingressClasses, makeIngressClass('flatnet')), []);
  assert.deepEqual(problems(ingressClasses, makeIngressClass('x', unset('spec.controller'))), [
    'spec.controller: Required value',
  ]);
  assert.deepEqual(problems(ingressClasses, makeIngressClass('x', set('spec.controller', 'flatnet'))), [
    'spec.controller: Invalid value: "flatnet": must be a domain-prefixed path (such as "acme.io/foo")',
  ]);
  assert.deepEqual(
    problems(
      ingressClasses,
      makeIngressClass('x', set('spec.controller', 'other.dev/ingress')),
      makeIngressClass('x'),
    ),
    ['spec.controller: Invalid value: "other.dev/ingress": field is immutable'],
  );
});
