import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from '../../client/objects.js';
import {
  deleting,
  makePod,
  makeService,
  onNode,
  ready,
  running,
  withContainerPorts,
  withLabels,
  withPhase,
  type Tweak,
} from '../testing/fixtures.js';
import { findPort, servicePods } from './pods.js';
import { desiredSlices, MAX_ENDPOINTS_PER_SLICE, planSlices } from './slices.js';

const web = (name: string, ...tweaks: Tweak<Pod>[]) => makePod(name, withLabels({ app: 'web' }), ...tweaks);
const namedPort: Tweak<Service> = (s) =>
  (s.spec!.ports = [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);

test('only selected pods with an IP that have not finished become endpoints', () => {
  const svc = makeService('web');
  const pods = [
    web('a', running('10.244.0.5')),
    web('no-ip'),
    web('done', running('10.244.0.6'), withPhase('Succeeded')),
    makePod('other', withLabels({ app: 'db' }), running('10.244.0.7')),
    web('elsewhere', running('10.244.0.8'), (p) => (p.metadata.namespace = 'other')),
  ];
  assert.deepEqual(
    servicePods(svc, pods).map((p) => p.metadata.name),
    ['a'],
  );
});

test('endpoint conditions follow readiness and deletion, as the Kubernetes reconciler sets them', () => {
  const svc = makeService('web');
  const pods = [
    web('a', running('10.244.1.2'), ready(), onNode('n1')),
    web('b', running('10.244.2.2'), ready(false)),
    web('c', running('10.244.3.2'), ready(), deleting()),
  ];
  const [slice] = desiredSlices(svc, servicePods(svc, pods));
  assert.deepEqual(
    slice!.endpoints.map((e) => [e.addresses[0], e.conditions]),
    [
      ['10.244.1.2', { ready: true, serving: true, terminating: false }],
      ['10.244.2.2', { ready: false, serving: false, terminating: false }],
      ['10.244.3.2', { ready: false, serving: true, terminating: true }],
    ],
  );
  assert.equal(slice!.endpoints[0]!.nodeName, 'n1');
  assert.deepEqual(slice!.endpoints[0]!.targetRef, {
    kind: 'Pod',
    namespace: 'default',
    name: 'a',
    uid: 'uid-a',
  });
  const published = makeService('web', (s) => (s.spec!.publishNotReadyAddresses = true));
  assert.deepEqual(desiredSlices(published, [pods[1]!])[0]!.endpoints[0]!.conditions, {
    ready: true,
    serving: true,
    terminating: false,
  });
});

test('slices carry the service-name and managed-by labels and are owned by the Service', () => {
  const svc = makeService('web', withLabels({ tier: 'front' }));
  const [slice] = desiredSlices(svc, [web('a', running('10.244.1.2'))]);
  assert.match(slice!.metadata.name!, /^web-[a-z0-9]{5}$/);
  assert.deepEqual(slice!.metadata.labels, {
    tier: 'front',
    'kubernetes.io/service-name': 'web',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
  });
  assert.deepEqual(slice!.metadata.ownerReferences, [
    {
      apiVersion: 'v1',
      kind: 'Service',
      name: 'web',
      uid: 'uid-web',
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.deepEqual(slice!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
});

test('a named targetPort resolves per pod: pods serving different numbers land in different slices', () => {
  const svc = makeService('web', namedPort);
  const pods = [
    web('a', running('10.244.1.2'), withContainerPorts({ name: 'http', containerPort: 8080 })),
    web('b', running('10.244.1.3'), withContainerPorts({ name: 'http', containerPort: 9090 })),
    web('c', running('10.244.1.4'), withContainerPorts({ name: 'http', containerPort: 8080 })),
  ];
  const slices = desiredSlices(svc, pods);
  const summary = slices
    .map((s) => [s.ports, s.endpoints.map((e) => e.addresses[0])])
    .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  assert.deepEqual(summary, [
    [[{ name: 'http', port: 8080, protocol: 'TCP' }], ['10.244.1.2', '10.244.1.4']],
    [[{ name: 'http', port: 9090, protocol: 'TCP' }], ['10.244.1.3']],
  ]);
  assert.notEqual(slices[0]!.metadata.name, slices[1]!.metadata.name);
  assert.equal(
    findPort(pods[0]!, { port: 53, targetPort: 'http', protocol: 'UDP' }),
    undefined,
    'protocol must match',
  );
});

test('no endpoints still means one empty slice; many endpoints are cut at 100 per slice', () => {
  const svc = makeService('web');
  const [empty] = desiredSlices(svc, []);
  assert.deepEqual([empty!.endpoints, empty!.ports], [[], []]);
  const many = Array.from({ length: MAX_ENDPOINTS_PER_SLICE + 1 }, (_, i) =>
    web(`p${i}`, running(`10.244.${Math.floor(i / 200)}.${(i % 200) + 2}`)),
  );
  assert.deepEqual(
    desiredSlices(svc, many)
      .map((s) => s.endpoints.length)
      .sort(),
    [1, 100],
  );
});

test('the plan creates missing slices, updates changed ones in place and deletes the rest', () => {
  const svc = makeService('web');
  const [before] = desiredSlices(svc, [web('a', running('10.244.1.2'), ready())]);
  const stored = { ...before!, metadata: { ...before!.metadata, resourceVersion: '7', uid: 'u1' } };
  const [after] = desiredSlices(svc, [web('a', running('10.244.1.2'), ready(false))]);
  assert.deepEqual(planSlices([before!], [stored]), { create: [], update: [], delete: [] });
  const plan = planSlices([after!], [stored]);
  assert.equal(plan.update[0]!.metadata.resourceVersion, '7', 'optimistic concurrency on the stored version');
  assert.equal(plan.update[0]!.endpoints[0]!.conditions.ready, false);
  const leftover = { ...stored, metadata: { ...stored.metadata, name: 'web-old' } };
  const reused = planSlices([after!], [leftover]);
  assert.deepEqual(
    [reused.create, reused.delete, reused.update[0]!.metadata.name],
    [[], [], 'web-old'],
    'a leftover slice is reused',
  );
  assert.deepEqual(
    planSlices([after!], [reused.update[0]!]),
    { create: [], update: [], delete: [] },
    'and then left alone',
  );
  const extra = { ...leftover, metadata: { ...leftover.metadata, name: 'web-extra' } };
  assert.deepEqual(planSlices([before!], [stored, extra]), { create: [], update: [], delete: [extra] });
});
