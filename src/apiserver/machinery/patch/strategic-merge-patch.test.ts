import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENERIC_SCHEMA, schemaForKind, strategicMergePatch } from './strategic-merge-patch.js';
import type { JsonObject, JsonValue } from './json.js';

// Every expected result below was produced by the real implementation (`kubectl patch --local
// --type strategic`, which runs strategicpatch.StrategicMergePatch with the k8s.io/api types).

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const env = (name: string, value: string): JsonObject => ({ name, value });

function deployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      labels: { app: 'web', tier: 'fe' },
      annotations: { [LAST_APPLIED]: '{"old":true}\n' },
      finalizers: ['a', 'b', 'c'],
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              env: [env('A', '1'), env('B', '2'), env('C', '3')],
              ports: [{ containerPort: 80 }, { containerPort: 443 }],
            },
          ],
          volumes: [
            { name: 'v', emptyDir: {} },
            { name: 'w', configMap: { name: 'cm' } },
          ],
          tolerations: [{ key: 'a', operator: 'Exists' }],
        },
      },
    },
  };
}

function service(): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec: {
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
    },
  };
}

function node(): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
    spec: { podCIDRs: ['10.244.1.0/24'] },
    status: {
      conditions: [
        { type: 'Ready', status: 'False' },
        { type: 'DiskPressure', status: 'False' },
      ],
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
    },
  };
}

const podSpec = (patch: JsonObject): JsonObject => ({ spec: { template: { spec: patch } } });

function at(value: JsonValue, path: string): JsonValue | undefined {
  return path.split('.').reduce<JsonValue | undefined>((v, key) => {
    if (Array.isArray(v)) return v[Number(key)];
    return v !== null && typeof v === 'object' ? v[key] : undefined;
  }, value);
}

interface Case {
  readonly name: string;
  readonly original: () => JsonObject;
  readonly patch: JsonObject;
  /** Expected values at dotted paths of the result (undefined: absent). */
  readonly expect: Readonly<Record<string, JsonValue | undefined>>;
}

const cases: Case[] = [
  {
    name: 'kubectl apply after changing the image and removing an env var',
    original: deployment,
    patch: {
      metadata: { annotations: { [LAST_APPLIED]: '{"new":true}\n' } },
      ...podSpec({
        '$setElementOrder/containers': [{ name: 'web' }],
        containers: [
          {
            '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }],
            env: [{ $patch: 'delete', name: 'B' }],
            image: 'nginx:1.26',
            name: 'web',
          },
        ],
      }),
    },
    expect: {
      [`metadata.annotations`]: { [LAST_APPLIED]: '{"new":true}\n' },
      'spec.template.spec.containers': [
        {
          name: 'web',
          image: 'nginx:1.26',
          env: [env('A', '1'), env('C', '3')],
          ports: [{ containerPort: 80 }, { containerPort: 443 }],
        },
      ],
    },
  },
  {
    name: 'kubectl label adds to the labels map',
    original: deployment,
    patch: { metadata: { labels: { env: 'prod' } } },
    expect: { 'metadata.labels': { app: 'web', tier: 'fe', env: 'prod' } },
  },
  {
    name: 'kubectl label tier- deletes with null',
    original: deployment,
    patch: { metadata: { labels: { tier: null } } },
    expect: { 'metadata.labels': { app: 'web' } },
  },
  {
    name: 'kubectl scale',
    original: deployment,
    patch: { spec: { replicas: 3 } },
    expect: { 'spec.replicas': 3, 'spec.strategy.type': 'RollingUpdate' },
  },
  {
    name: 'finalizers merge as a set, patch items first',
    original: deployment,
    patch: { metadata: { finalizers: ['d', 'a'] } },
    expect: { 'metadata.finalizers': ['d', 'a', 'b', 'c'] },
  },
  {
    name: 'finalizers: a patch item already present keeps the live order',
    original: deployment,
    patch: { metadata: { finalizers: ['c', 'd'] } },
    expect: { 'metadata.finalizers': ['a', 'b', 'c', 'd'] },
  },
  {
    name: '$deleteFromPrimitiveList removes finalizers',
    original: deployment,
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } },
    expect: { 'metadata.finalizers': ['a', 'c'] },
  },
  {
    name: '$setElementOrder on a primitive list interleaves server-only items',
    original: deployment,
    patch: { metadata: { '$setElementOrder/finalizers': ['c', 'x', 'a'], finalizers: ['x'] } },
    expect: { 'metadata.finalizers': ['b', 'c', 'x', 'a'] },
  },
  {
    name: 'untagged lists (tolerations) are replaced',
    original: deployment,
    patch: podSpec({ tolerations: [{ key: 'z', operator: 'Exists' }] }),
    expect: { 'spec.template.spec.tolerations': [{ key: 'z', operator: 'Exists' }] },
  },
  {
    name: 'container ports merge by containerPort',
    original: deployment,
    patch: podSpec({ containers: [{ name: 'web', ports: [{ containerPort: 8080, name: 'alt' }] }] }),
    expect: {
      'spec.template.spec.containers.0.ports': [
        { containerPort: 8080, name: 'alt' },
        { containerPort: 80 },
        { containerPort: 443 },
      ],
    },
  },
  {
    name: 'env merge without order: patch order wins, server-only items interleave by live order',
    original: deployment,
    patch: podSpec({ containers: [{ name: 'web', env: [env('C', 'c'), env('X', 'x'), env('A', 'a')] }] }),
    expect: {
      'spec.template.spec.containers.0.env': [env('B', '2'), env('C', 'c'), env('X', 'x'), env('A', 'a')],
    },
  },
  {
    name: '$setElementOrder/env places a new item between live ones',
    original: deployment,
    patch: podSpec({
      containers: [
        {
          name: 'web',
          '$setElementOrder/env': [{ name: 'A' }, { name: 'X' }, { name: 'C' }],
          env: [env('X', 'x')],
        },
      ],
    }),
    expect: {
      'spec.template.spec.containers.0.env': [env('A', '1'), env('X', 'x'), env('B', '2'), env('C', '3')],
    },
  },
  {
    name: '$retainKeys switches a volume source',
    original: deployment,
    patch: podSpec({
      '$setElementOrder/volumes': [{ name: 'v' }, { name: 'w' }],
      volumes: [{ $retainKeys: ['hostPath', 'name'], hostPath: { path: '/x' }, name: 'v' }],
    }),
    expect: {
      'spec.template.spec.volumes': [
        { name: 'v', hostPath: { path: '/x' } },
        { name: 'w', configMap: { name: 'cm' } },
      ],
    },
  },
  {
    name: '$retainKeys on the deployment strategy',
    original: deployment,
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
    expect: { 'spec.strategy': { type: 'Recreate' } },
  },
  {
    name: '$patch: replace on a map',
    original: deployment,
    patch: { metadata: { labels: { $patch: 'replace', x: 'y' } } },
    expect: { 'metadata.labels': { x: 'y' } },
  },
  {
    name: '$patch: delete on a map empties it',
    original: deployment,
    patch: { spec: { template: { metadata: { labels: { $patch: 'delete' } } } } },
    expect: { 'spec.template.metadata.labels': {} },
  },
  {
    name: '$patch: replace in a merge list',
    original: deployment,
    patch: podSpec({ containers: [{ $patch: 'replace' }, { name: 'z', image: 'busybox' }] }),
    expect: { 'spec.template.spec.containers': [{ name: 'z', image: 'busybox' }] },
  },
  {
    name: 'delete one container, add another',
    original: deployment,
    patch: podSpec({
      '$setElementOrder/containers': [{ name: 'side' }],
      containers: [
        { $patch: 'delete', name: 'web' },
        { name: 'side', image: 'busybox' },
      ],
    }),
    expect: { 'spec.template.spec.containers': [{ name: 'side', image: 'busybox' }] },
  },
  {
    name: 'null for an absent key changes nothing',
    original: deployment,
    patch: { spec: { paused: null, template: { spec: { nodeName: null } } } },
    expect: { 'spec.paused': undefined, 'spec.template.spec.nodeName': undefined, 'spec.replicas': 1 },
  },
  {
    name: 'a new map loses its nulls and its $patch maps',
    original: deployment,
    patch: podSpec({
      securityContext: { runAsUser: 1000, fsGroup: null, seLinuxOptions: { $patch: 'replace', level: 's0' } },
    }),
    expect: { 'spec.template.spec.securityContext': { runAsUser: 1000 } },
  },
  {
    name: 'Service ports merge by port (type change to NodePort)',
    original: service,
    patch: { spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] } },
    expect: {
      'spec.type': 'NodePort',
      'spec.ports': [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 },
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
    },
  },
  {
    name: 'Service port removed by kubectl apply',
    original: service,
    patch: { spec: { '$setElementOrder/ports': [{ port: 443 }], ports: [{ $patch: 'delete', port: 80 }] } },
    expect: { 'spec.ports': [{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }] },
  },
  {
    name: 'Node podCIDRs, conditions and addresses',
    original: node,
    patch: {
      spec: { podCIDRs: ['10.244.2.0/24'] },
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
        addresses: [{ type: 'Hostname', address: 'n1' }],
      },
    },
    expect: {
      'spec.podCIDRs': ['10.244.2.0/24', '10.244.1.0/24'],
      'status.conditions': [
        { type: 'Ready', status: 'True', reason: 'KubeletReady' },
        { type: 'DiskPressure', status: 'False' },
      ],
      'status.addresses': [
        { type: 'Hostname', address: 'n1' },
        { type: 'InternalIP', address: '10.0.0.1' },
      ],
    },
  },
  {
    name: 'a ConfigMap merges data and finalizers',
    original: () => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', finalizers: ['x'] },
      data: { a: '1', b: '2' },
    }),
    patch: { data: { a: null, c: '3' }, metadata: { finalizers: ['y'] } },
    expect: { data: { b: '2', c: '3' }, 'metadata.finalizers': ['y', 'x'] },
  },
  {
    name: 'NetworkPolicy rules are replaced',
    original: () => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np' },
      spec: {
        podSelector: {},
        ingress: [{ from: [{ podSelector: { matchLabels: { a: 'b' } } }] }],
        policyTypes: ['Ingress'],
      },
    }),
    patch: { spec: { ingress: [{ ports: [{ port: 80 }] }], policyTypes: ['Egress'] } },
    expect: { 'spec.ingress': [{ ports: [{ port: 80 }] }], 'spec.policyTypes': ['Egress'] },
  },
  {
    name: 'a new container inherits no directives (typed decoding drops `$` fields)',
    original: deployment,
    patch: podSpec({ containers: [{ name: 'side', image: 'j', '$setElementOrder/env': [{ name: 'Y' }] }] }),
    expect: { 'spec.template.spec.containers.0': { name: 'side', image: 'j' } },
  },
];

test('applies kubectl-shaped strategic merge patches', () => {
  for (const c of cases) {
    const original = c.original();
    const result = strategicMergePatch(original, c.patch, schemaForKind(String(original['kind'])));
    for (const [path, want] of Object.entries(c.expect))
      assert.deepEqual(at(result, path), want, `${c.name}: ${path}`);
    assert.deepEqual(original, c.original(), `${c.name}: original untouched`);
  }
});

test('an empty or null patch is a no-op', () => {
  assert.deepEqual(strategicMergePatch(deployment(), {}, schemaForKind('Deployment')), deployment());
  assert.deepEqual(strategicMergePatch(deployment(), null, schemaForKind('Deployment')), deployment());
});

test('the generic schema replaces every list', () => {
  const result = strategicMergePatch(deployment(), { metadata: { finalizers: ['z'] } }, GENERIC_SCHEMA);
  assert.deepEqual(at(result, 'metadata.finalizers'), ['z']);
  assert.equal(schemaForKind('SomethingNew'), GENERIC_SCHEMA);
});

test('failures carry the status kube-apiserver gives them', () => {
  const failures: { patch: unknown; status: number; message: string; original?: () => JsonObject }[] = [
    {
      patch: { metadata: { labels: { $patch: 'merge', x: 'y' } } },
      status: 500,
      message: 'unknown patch type: merge in map: map[$patch:merge x:y]',
    },
    {
      patch: podSpec({ containers: [{ $patch: 'merge' }] }),
      status: 500,
      message: 'merging lists cannot yet be specified in the patch',
    },
    {
      patch: podSpec({ containers: [{ image: 'x' }] }),
      status: 500,
      message: 'map: map[image:x] does not contain declared merge key: name',
    },
    {
      patch: podSpec({
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [{ name: 'x', image: 'x' }],
      }),
      status: 500,
      message:
        "The order in patch list:\n[map[image:x name:x]]\n doesn't match $setElementOrder list:\n[map[name:a]]\n",
    },
    {
      patch: { metadata: { finalizers: [1] } },
      status: 500,
      message: 'list element types are not identical: [[a b c] [1]]',
    },
    {
      patch: {
        spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 2 } } },
      },
      status: 400,
      message: 'invalid patch format of retainKeys',
    },
    {
      patch: { metadata: { $setElementOrder: ['a'] } },
      status: 400,
      message: 'invalid patch format of setElementOrder list',
    },
    {
      patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
      status: 400,
      message: 'invalid patch format of primitive list',
    },
    {
      patch: { metadata: { finalizers: [['a']] } },
      status: 422,
      message: 'the server rejected our request due to an error in our request',
      original: () => ({ kind: 'Pod', metadata: { name: 'p', finalizers: [] } }),
    },
    {
      patch: [{ op: 'add' }],
      status: 400,
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
  ];
  for (const f of failures) {
    const original = (f.original ?? deployment)();
    assert.throws(
      () => strategicMergePatch(original, f.patch, schemaForKind(String(original['kind']))),
      { statusCode: f.status, message: f.message },
      f.message,
    );
  }
});
