import { test } from 'node:test';
import assert from 'node:assert/strict';
import { services } from '../core.js';
import { makeService, problems, set, unset } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';

const ports = (...p: Record<string, unknown>[]): Tweak => set('spec.ports', p);
const type = (t: string): Tweak => set('spec.type', t);
const RANGE = 'must be between 1 and 65535, inclusive';

// [what, tweaks, expected problems] for a Service create (after defaulting, as the registry does).
const CASES: [string, Tweak[], string[]][] = [
  ['a minimal ClusterIP Service', [], []],
  ['a NodePort Service with its node port', [type('NodePort'), ports({ port: 80, nodePort: 30080 })], []],
  ['no ports', [ports()], ['spec.ports: Required value']],
  ['a headless Service without ports', [ports(), set('spec.clusterIP', 'None')], []],
  [
    'an ExternalName Service',
    [type('ExternalName'), unset('spec.ports'), set('spec.externalName', 'db.example.com.')],
    [],
  ],
  [
    'ExternalName without a name',
    [type('ExternalName'), unset('spec.ports')],
    ['spec.externalName: Required value'],
  ],
  [
    'port out of range',
    [ports({ port: 70000 })],
    [
      `spec.ports[0].port: Invalid value: 70000: ${RANGE}`,
      `spec.ports[0].targetPort: Invalid value: 70000: ${RANGE}`,
    ],
  ],
  ['port zero', [ports({ port: 0, targetPort: 8080 })], [`spec.ports[0].port: Invalid value: 0: ${RANGE}`]],
  [
    'unknown protocol',
    [ports({ port: 80, protocol: 'XYZ' })],
    ['spec.ports[0].protocol: Unsupported value: "XYZ": supported values: "SCTP", "TCP", "UDP"'],
  ],
  [
    'targetPort out of range',
    [ports({ port: 80, targetPort: 70000 })],
    [`spec.ports[0].targetPort: Invalid value: 70000: ${RANGE}`],
  ],
  [
    'targetPort with a bad name',
    [ports({ port: 80, targetPort: 'web--port' })],
    ['spec.ports[0].targetPort: Invalid value: "web--port": must not contain consecutive hyphens'],
  ],
  ['targetPort by name', [ports({ port: 80, targetPort: 'http' })], []],
  [
    'two unnamed ports',
    [ports({ port: 80 }, { port: 443 })],
    ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'],
  ],
  [
    'two ports with one name',
    [ports({ name: 'web', port: 80 }, { name: 'web', port: 443 })],
    ['spec.ports[1].name: Duplicate value: "web"'],
  ],
  [
    'the same port and protocol twice',
    [ports({ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 8080 })],
    [
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
  ],
  [
    'the same port over TCP and UDP',
    [ports({ name: 'dns', port: 53 }, { name: 'dns-udp', port: 53, protocol: 'UDP' })],
    [],
  ],
  [
    'a node port on a ClusterIP Service',
    [ports({ port: 80, nodePort: 30080 })],
    ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  ],
  [
    'one node port twice',
    [
      type('NodePort'),
      ports({ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }),
    ],
    ['spec.ports[1].nodePort: Duplicate value: 30080'],
  ],
  [
    'a cluster IP that is not an IP',
    [set('spec.clusterIP', '10.96.0.300')],
    [
      'spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  ],
  [
    'a headless NodePort Service',
    [type('NodePort'), set('spec.clusterIP', 'None')],
    ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services'],
  ],
  [
    'clusterIPs disagreeing with clusterIP',
    [set('spec.clusterIP', '10.96.0.10'), set('spec.clusterIPs', ['10.96.0.11'])],
    ['spec.clusterIPs: Invalid value: []string{"10.96.0.11"}: first value must match `clusterIP`'],
  ],
  [
    'an unknown session affinity',
    [set('spec.sessionAffinity', 'Sticky')],
    ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
  ],
  [
    'a zero ClientIP timeout',
    [set('spec.sessionAffinity', 'ClientIP'), set('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 0)],
    [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ],
  ],
  [
    'an unknown type',
    [type('Magic')],
    [
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
  ],
  [
    'externalTrafficPolicy on a ClusterIP Service',
    [set('spec.externalTrafficPolicy', 'Local')],
    [
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ],
  ],
  [
    'an unknown externalTrafficPolicy',
    [type('NodePort'), set('spec.externalTrafficPolicy', 'Global')],
    ['spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"'],
  ],
  [
    'an unknown internalTrafficPolicy',
    [set('spec.internalTrafficPolicy', 'Node')],
    ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"'],
  ],
  [
    'LoadBalancer with Local traffic needs its health check port',
    [type('LoadBalancer'), set('spec.externalTrafficPolicy', 'Local')],
    ['spec.healthCheckNodePort: Required value'],
  ],
  [
    'LoadBalancer with Local traffic and a health check port',
    [
      type('LoadBalancer'),
      set('spec.externalTrafficPolicy', 'Local'),
      set('spec.healthCheckNodePort', 32000),
    ],
    [],
  ],
  [
    'a health check port without Local traffic',
    [type('NodePort'), set('spec.healthCheckNodePort', 32000)],
    [
      "spec.healthCheckNodePort: Invalid value: 32000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ],
  ],
  [
    'a LoadBalancer on the kubelet port',
    [type('LoadBalancer'), ports({ port: 10250 })],
    ['spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet'],
  ],
  [
    'source ranges outside a LoadBalancer, one not a CIDR',
    [set('spec.loadBalancerSourceRanges', [' 10.0.0.0/8 ', '10.0.0.0/40'])],
    [
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
      'spec.LoadBalancerSourceRanges[1]: Invalid value: "10.0.0.0/40": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  ],
  [
    'external IPs: not an IP, loopback, link-local, unspecified',
    [set('spec.externalIPs', ['banana', '127.0.0.1', '169.254.169.254', '0.0.0.0', '192.0.2.10'])],
    [
      'spec.externalIPs[0]: Invalid value: "banana": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'spec.externalIPs[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.externalIPs[2]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'spec.externalIPs[3]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    ],
  ],
  [
    'allocateLoadBalancerNodePorts outside a LoadBalancer',
    [set('spec.allocateLoadBalancerNodePorts', false)],
    ["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"],
  ],
  [
    'a bad selector value',
    [set('spec.selector', { app: 'web app' })],
    [
      "spec.selector: Invalid value: \"web app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
];

for (const [what, tweaks, expected] of CASES) {
  test(`service: ${what}`, () =>
    assert.deepEqual(problems(services, makeService('web', ...tweaks)), expected));
}

test('service update: the allocated ClusterIP may not change or be dropped', () => {
  const old = makeService('web', set('spec.clusterIP', '10.96.0.10'));
  assert.deepEqual(
    problems(services, makeService('web', set('spec.clusterIP', '10.96.0.10'), type('NodePort')), old),
    [],
  );
  assert.deepEqual(
    problems(
      services,
      makeService('web', set('spec.clusterIP', '10.96.0.11')),
      makeService('web', set('spec.clusterIP', '10.96.0.10')),
    ),
    ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set'],
  );
  assert.deepEqual(
    problems(services, makeService('web'), makeService('web', set('spec.clusterIP', '10.96.0.10'))),
    ['spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset'],
  );
});
