import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints, namespaces, nodes, secrets } from '../core.js';
import { daemonSets, deployments, replicaSets } from '../apps.js';
import { endpointSlices } from '../discovery.js';
import { ingressClasses, networkPolicies } from '../networking.js';
import {
  defaulted,
  makeDaemonSet,
  makeDeployment,
  makeEndpoints,
  makeEndpointSlice,
  makeIngressClass,
  makeNamespace,
  makeNetworkPolicy,
  makeNode,
  makeReplicaSet,
  makeSecret,
  set,
} from '../fixtures.js';

const spec = (obj: Record<string, unknown>): Record<string, unknown> =>
  obj['spec'] as Record<string, unknown>;
const templateContainer = (obj: Record<string, unknown>): unknown =>
  (spec(obj)['template'] as { spec: { containers: unknown[] } }).spec.containers[0];

test('deployment: replicas 1, RollingUpdate 25%/25%, history 10, progress deadline 600, template defaulted', () => {
  const d = spec(defaulted(deployments, makeDeployment('web')));
  assert.deepEqual(
    [d['replicas'], d['strategy'], d['revisionHistoryLimit'], d['progressDeadlineSeconds']],
    [1, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, 10, 600],
  );
  const template = d['template'] as { spec: Record<string, unknown> };
  assert.deepEqual(
    [
      template.spec['restartPolicy'],
      template.spec['terminationGracePeriodSeconds'],
      template.spec['enableServiceLinks'],
    ],
    ['Always', 30, undefined],
  );
  assert.equal(
    (templateContainer(defaulted(deployments, makeDeployment('web'))) as Record<string, unknown>)[
      'imagePullPolicy'
    ],
    'IfNotPresent',
  );
});

test('deployment: Recreate gets no rollingUpdate; explicit replicas 0 stays', () => {
  const d = spec(
    defaulted(
      deployments,
      makeDeployment('web', set('spec.strategy.type', 'Recreate'), set('spec.replicas', 0)),
    ),
  );
  assert.deepEqual([d['replicas'], d['strategy']], [0, { type: 'Recreate' }]);
});

test('replicaset: replicas 1; daemonset: RollingUpdate 1/0 and history 10', () => {
  assert.equal(spec(defaulted(replicaSets, makeReplicaSet('web')))['replicas'], 1);
  const ds = spec(defaulted(daemonSets, makeDaemonSet('agent')));
  assert.deepEqual(
    [ds['updateStrategy'], ds['revisionHistoryLimit']],
    [{ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, 10],
  );
  const onDelete = spec(
    defaulted(daemonSets, makeDaemonSet('agent', set('spec.updateStrategy.type', 'OnDelete'))),
  );
  assert.deepEqual(onDelete['updateStrategy'], { type: 'OnDelete' });
});

test('namespace: kubernetes.io/metadata.name label and phase Active', () => {
  const ns = defaulted(namespaces, makeNamespace('shop', set('metadata.labels', { team: 'a' })));
  assert.deepEqual(ns.metadata?.labels, { team: 'a', 'kubernetes.io/metadata.name': 'shop' });
  assert.deepEqual(ns['status'], { phase: 'Active' });
  assert.deepEqual(defaulted(namespaces, makeNamespace('x', set('status.phase', 'Terminating')))['status'], {
    phase: 'Terminating',
  });
});

test('node: podCIDR and podCIDRs kept in step; allocatable from capacity', () => {
  assert.deepEqual(spec(defaulted(nodes, makeNode('n', set('spec.podCIDR', '10.244.1.0/24')))), {
    podCIDR: '10.244.1.0/24',
    podCIDRs: ['10.244.1.0/24'],
  });
  assert.deepEqual(spec(defaulted(nodes, makeNode('n', set('spec.podCIDRs', ['10.244.2.0/24'])))), {
    podCIDRs: ['10.244.2.0/24'],
    podCIDR: '10.244.2.0/24',
  });
  const node = defaulted(nodes, makeNode('n', set('status.capacity', { pods: '110' })));
  assert.deepEqual(node['status'], { capacity: { pods: '110' }, allocatable: { pods: '110' } });
});

test('secret: type Opaque; stringData merged into data as base64 and dropped', () => {
  const s = defaulted(
    secrets,
    makeSecret(
      'creds',
      set('data', { user: 'YWRtaW4=' }),
      set('stringData', { password: 'hunter2', user: 'root' }),
    ),
  );
  assert.deepEqual(
    [s['type'], s['data'], s['stringData']],
    ['Opaque', { user: 'cm9vdA==', password: 'aHVudGVyMg==' }, undefined],
  );
  assert.equal(
    defaulted(secrets, makeSecret('t', set('type', 'kubernetes.io/tls')))['type'],
    'kubernetes.io/tls',
  );
});

test('endpoints and endpointslice ports: protocol TCP (slices also name "")', () => {
  const ep = defaulted(
    endpoints,
    makeEndpoints(
      'web',
      set('subsets', [
        { addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] },
      ]),
    ),
  );
  assert.deepEqual((ep['subsets'] as { ports: unknown }[])[0]?.ports, [
    { port: 80, protocol: 'TCP' },
    { port: 53, protocol: 'UDP' },
  ]);
  const slice = defaulted(endpointSlices, makeEndpointSlice('web-1', set('ports', [{ port: 80 }])));
  assert.deepEqual(slice['ports'], [{ port: 80, name: '', protocol: 'TCP' }]);
});

test('networkpolicy: policyTypes Ingress, plus Egress with egress rules; port protocol TCP', () => {
  const ingressOnly = spec(
    defaulted(networkPolicies, makeNetworkPolicy('a', set('spec.ingress', [{ ports: [{ port: 80 }] }]))),
  );
  assert.deepEqual(
    [ingressOnly['policyTypes'], ingressOnly['ingress']],
    [['Ingress'], [{ ports: [{ port: 80, protocol: 'TCP' }] }]],
  );
  const both = spec(defaulted(networkPolicies, makeNetworkPolicy('b', set('spec.egress', [{}]))));
  assert.deepEqual(both['policyTypes'], ['Ingress', 'Egress']);
  const explicit = spec(
    defaulted(
      networkPolicies,
      makeNetworkPolicy('c', set('spec.policyTypes', ['Egress']), set('spec.egress', [{}])),
    ),
  );
  assert.deepEqual(explicit['policyTypes'], ['Egress']);
  const noSelector = spec(defaulted(networkPolicies, makeNetworkPolicy('d', set('spec', {}))));
  assert.deepEqual(noSelector['podSelector'], {});
});

test('ingressclass: parameters default to cluster scope', () => {
  const ic = defaulted(
    ingressClasses,
    makeIngressClass('x', set('spec.parameters', { kind: 'ConfigMap', name: 'cfg' })),
  );
  assert.deepEqual(spec(ic)['parameters'], { kind: 'ConfigMap', name: 'cfg', scope: 'Cluster' });
  assert.equal(spec(defaulted(ingressClasses, makeIngressClass('y')))['parameters'], undefined);
});
