import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pods } from '../core.js';
import { defaulted, makePod, set } from '../fixtures.js';
import { imageTag } from './pod-spec.js';

test('a minimal pod gets the pod spec, container and pod defaults of defaults.go', () => {
  const pod = defaulted(pods, makePod('web', set('spec.containers.0.ports', [{ containerPort: 80 }])));
  assert.deepEqual(pod['spec'], {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
  });
});

test('explicit values are kept', () => {
  const pod = defaulted(
    pods,
    makePod(
      'web',
      set('spec.restartPolicy', 'Never'),
      set('spec.dnsPolicy', 'Default'),
      set('spec.terminationGracePeriodSeconds', 0),
      set('spec.schedulerName', 'flatnet'),
      set('spec.enableServiceLinks', false),
      set('spec.containers.0.imagePullPolicy', 'Never'),
      set('spec.containers.0.ports', [{ containerPort: 53, protocol: 'UDP' }]),
    ),
  );
  const spec = pod['spec'] as Record<string, unknown>;
  assert.deepEqual(
    [
      spec['restartPolicy'],
      spec['dnsPolicy'],
      spec['terminationGracePeriodSeconds'],
      spec['schedulerName'],
      spec['enableServiceLinks'],
    ],
    ['Never', 'Default', 0, 'flatnet', false],
  );
  const ctr = (spec['containers'] as Record<string, unknown>[])[0];
  assert.deepEqual(
    [ctr?.['imagePullPolicy'], ctr?.['ports']],
    ['Never', [{ containerPort: 53, protocol: 'UDP' }]],
  );
});

// imagePullPolicy: Always for :latest or no tag, IfNotPresent otherwise (ParseImageName).
const IMAGES: [string, string, string][] = [
  ['nginx', 'latest', 'Always'],
  ['nginx:latest', 'latest', 'Always'],
  ['nginx:1.25', '1.25', 'IfNotPresent'],
  ['registry.local:5000/team/app', 'latest', 'Always'],
  ['registry.local:5000/team/app:v2', 'v2', 'IfNotPresent'],
  ['nginx@sha256:0123456789abcdef', '', 'IfNotPresent'],
  ['nginx:latest@sha256:0123456789abcdef', 'latest', 'Always'],
];

for (const [image, tag, policy] of IMAGES) {
  test(`image ${image}: tag "${tag}", imagePullPolicy ${policy}`, () => {
    assert.equal(imageTag(image), tag);
    const pod = defaulted(pods, makePod('web', set('spec.containers.0.image', image)));
    assert.equal(
      (pod['spec'] as { containers: { imagePullPolicy: string }[] }).containers[0]?.imagePullPolicy,
      policy,
    );
  });
}

test('probes, env fieldRefs, volumes and init containers are defaulted too', () => {
  const pod = defaulted(
    pods,
    makePod(
      'web',
      set('spec.containers.0.readinessProbe', { httpGet: { port: 8080 } }),
      set('spec.containers.0.env', [
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      ]),
      set('spec.initContainers', [{ name: 'init', image: 'busybox' }]),
      set('spec.volumes', [
        { name: 'scratch' },
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'host', hostPath: { path: '/run' } },
      ]),
    ),
  );
  const spec = pod['spec'] as Record<string, Record<string, unknown>[]>;
  const ctr = spec['containers']?.[0] ?? {};
  assert.deepEqual(ctr['readinessProbe'], {
    httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.deepEqual(ctr['env'], [
    { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP', apiVersion: 'v1' } } },
  ]);
  assert.equal(spec['initContainers']?.[0]?.['imagePullPolicy'], 'Always');
  assert.deepEqual(spec['volumes'], [
    { name: 'scratch', emptyDir: {} },
    { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
    { name: 'host', hostPath: { path: '/run', type: '' } },
  ]);
});

test('pods only: requests default to limits; host ports follow container ports under hostNetwork', () => {
  const pod = defaulted(
    pods,
    makePod(
      'agent',
      set('spec.hostNetwork', true),
      set('spec.containers.0.ports', [{ containerPort: 9100 }]),
      set('spec.containers.0.resources', {
        limits: { cpu: '500m', memory: '64Mi' },
        requests: { cpu: '100m' },
      }),
    ),
  );
  const ctr = (pod['spec'] as { containers: Record<string, unknown>[] }).containers[0] ?? {};
  assert.deepEqual(ctr['resources'], {
    limits: { cpu: '500m', memory: '64Mi' },
    requests: { cpu: '100m', memory: '64Mi' },
  });
  assert.deepEqual(ctr['ports'], [{ containerPort: 9100, protocol: 'TCP', hostPort: 9100 }]);
});

test('defaulting twice changes nothing', () => {
  const once = defaulted(pods, makePod('web'));
  assert.deepEqual(defaulted(pods, structuredClone(once)), once);
});
