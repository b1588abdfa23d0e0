import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pods } from '../core.js';
import { makePod, problems, set, unset } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';
import { POD_UPDATE_FORBIDDEN } from './pod.js';

const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const ports = (...p: Record<string, unknown>[]): Tweak => set('spec.containers.0.ports', p);

// [what, tweaks, expected problems] for a Pod create.
const CASES: [string, Tweak[], string[]][] = [
  ['no containers', [set('spec.containers', [])], ['spec.containers: Required value']],
  [
    'an uppercase container name',
    [set('spec.containers.0.name', 'App')],
    [`spec.containers[0].name: Invalid value: "App": ${LABEL}`],
  ],
  [
    'a container without a name',
    [unset('spec.containers.0.name')],
    ['spec.containers[0].name: Required value'],
  ],
  [
    'two containers with one name',
    [
      set('spec.containers', [
        { name: 'app', image: 'a' },
        { name: 'app', image: 'b' },
      ]),
    ],
    ['spec.containers[1].name: Duplicate value: "app"'],
  ],
  [
    'a container without an image',
    [unset('spec.containers.0.image')],
    ['spec.containers[0].image: Required value'],
  ],
  [
    'an image with spaces around it',
    [set('spec.containers.0.image', ' nginx ')],
    ['spec.containers[0].image: Invalid value: " nginx ": must not have leading or trailing whitespace'],
  ],
  [
    'containerPort out of range',
    [ports({ containerPort: 70000 })],
    [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
  ],
  [
    'containerPort missing',
    [ports({ name: 'http' })],
    ['spec.containers[0].ports[0].containerPort: Required value'],
  ],
  [
    'an unknown protocol',
    [ports({ containerPort: 80, protocol: 'XYZ' })],
    [
      'spec.containers[0].ports[0].protocol: Unsupported value: "XYZ": supported values: "SCTP", "TCP", "UDP"',
    ],
  ],
  [
    'an uppercase port name',
    [ports({ containerPort: 80, name: 'HTTP' })],
    [
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ],
  ],
  [
    'a duplicate port name',
    [ports({ containerPort: 80, name: 'http' }, { containerPort: 81, name: 'http' })],
    ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
  ],
  [
    'one host port claimed twice',
    [ports({ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 8080 })],
    ['spec.containers[0].ports[1].hostPort: Duplicate value: "TCP//8080"'],
  ],
  [
    'hostNetwork with a different host port',
    [set('spec.hostNetwork', true), ports({ containerPort: 80, hostPort: 8080 })],
    [
      'spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
    ],
  ],
  [
    'an unknown restart policy',
    [set('spec.restartPolicy', 'Sometimes')],
    ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ],
  [
    'an unknown DNS policy',
    [set('spec.dnsPolicy', 'Google')],
    [
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ],
  ],
  [
    'DNS policy None without a config',
    [set('spec.dnsPolicy', 'None')],
    ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
  ],
  [
    'a bad nameserver',
    [set('spec.dnsPolicy', 'None'), set('spec.dnsConfig.nameservers', ['10.96.0.10', 'dns'])],
    [
      'spec.dnsConfig.nameservers[1]: Invalid value: "dns": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  ],
  [
    'an unknown pull policy',
    [set('spec.containers.0.imagePullPolicy', 'Sometimes')],
    [
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ],
  ],
  [
    'an unknown termination message policy',
    [set('spec.containers.0.terminationMessagePolicy', 'Logs')],
    [
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Logs": supported values: "File", "FallbackToLogsOnError"',
    ],
  ],
  [
    'activeDeadlineSeconds 0',
    [set('spec.activeDeadlineSeconds', 0)],
    ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
  ],
  [
    'a bad node name',
    [set('spec.nodeName', 'Node_1')],
    [
      "spec.nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'an env var without a name',
    [set('spec.containers.0.env', [{ value: 'x' }])],
    ['spec.containers[0].env[0].name: Required value'],
  ],
  [
    'restartPolicy on a regular container',
    [set('spec.containers.0.restartPolicy', 'Always')],
    ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
  ],
  [
    'an init container named like a container',
    [set('spec.initContainers', [{ name: 'app', image: 'busybox' }])],
    ['spec.initContainers[0].name: Duplicate value: "app"'],
  ],
  [
    'duplicate volume names',
    [set('spec.volumes', [{ name: 'data' }, { name: 'data' }])],
    ['spec.volumes[1].name: Duplicate value: "data"'],
  ],
  [
    'ephemeral containers on create',
    [set('spec.ephemeralContainers', [{ name: 'debug', image: 'busybox' }])],
    ['spec.ephemeralContainers: Forbidden: cannot be set on create'],
  ],
  [
    'a toleration without key or Exists',
    [set('spec.tolerations', [{ operator: 'Equal', value: 'x' }])],
    [
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ],
  ],
];

for (const [what, tweaks, expected] of CASES) {
  test(`pod: ${what}`, () => assert.deepEqual(problems(pods, makePod('web', ...tweaks)), expected));
}

const bound = (...tweaks: Tweak[]) =>
  makePod('web', set('spec.nodeName', 'node-1'), set('spec.activeDeadlineSeconds', 300), ...tweaks);

test('pod update: image, activeDeadlineSeconds (down), tolerations (added) and labels may change', () => {
  const old = bound(set('spec.tolerations', [{ key: 'a', operator: 'Exists' }]));
  const next = bound(
    set('spec.containers.0.image', 'nginx:1.27'),
    set('spec.activeDeadlineSeconds', 100),
    set('spec.tolerations', [
      { key: 'a', operator: 'Exists' },
      { key: 'b', operator: 'Exists' },
    ]),
    set('metadata.labels', { app: 'web' }),
  );
  assert.deepEqual(problems(pods, next, old), []);
});

test('pod update: other spec changes are forbidden, with a diff of what changed', () => {
  const out = problems(pods, bound(set('spec.nodeName', 'node-2')), bound());
  assert.equal(out.length, 1);
  assert.ok(out[0]?.startsWith(`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}\n`), out[0]);
  assert.ok(out[0]?.includes('- \tnodeName: "node-1",\n+ \tnodeName: "node-2",'), out[0]);
  assert.equal(
    POD_UPDATE_FORBIDDEN,
    'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
  );
});

test('pod update: containers can be neither added nor removed', () => {
  const next = bound(set('spec.containers.1', { name: 'b', image: 'b' }));
  assert.deepEqual(problems(pods, next, bound()), [
    'spec.containers: Forbidden: pod updates may not add or remove containers',
  ]);
});

test('pod update: activeDeadlineSeconds may not grow or disappear', () => {
  assert.deepEqual(problems(pods, bound(set('spec.activeDeadlineSeconds', 600)), bound()), [
    'spec.activeDeadlineSeconds: Invalid value: 600: must be less than or equal to previous value',
  ]);
  assert.deepEqual(problems(pods, bound(unset('spec.activeDeadlineSeconds')), bound()), [
    'spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value',
  ]);
});

test('pod update: existing tolerations stay (their tolerationSeconds may change)', () => {
  const old = bound(
    set('spec.tolerations', [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]),
  );
  const longer = bound(
    set('spec.tolerations', [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]),
  );
  assert.deepEqual(problems(pods, longer, old), []);
  assert.deepEqual(problems(pods, bound(), old), [
    'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
  ]);
});

test('pod update: a client that omits defaulted fields changes nothing', () => {
  const old = bound();
  const next = bound();
  pods.applyDefaults?.(old);
  assert.deepEqual(problems(pods, next, old), []);
});
