import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findByKind, findResource, GROUP_VERSIONS, RESOURCES, tableColumnsOf } from './catalog.js';
import { apiVersionOf } from './types.js';

// [plural, apiVersion, kind, listKind, singular, namespaced, shortNames, categories, subresources]
// as `kubectl api-resources` and discovery report them for Kubernetes 1.32.
const IDENTITIES = [
  ['namespaces', 'v1', 'Namespace', 'NamespaceList', 'namespace', false, ['ns'], [], ['status']],
  ['nodes', 'v1', 'Node', 'NodeList', 'node', false, ['no'], [], ['status']],
  ['pods', 'v1', 'Pod', 'PodList', 'pod', true, ['po'], ['all'], ['status', 'binding']],
  ['services', 'v1', 'Service', 'ServiceList', 'service', true, ['svc'], ['all'], ['status']],
  ['endpoints', 'v1', 'Endpoints', 'EndpointsList', 'endpoints', true, ['ep'], [], []],
  ['events', 'v1', 'Event', 'EventList', 'event', true, ['ev'], [], []],
  ['secrets', 'v1', 'Secret', 'SecretList', 'secret', true, [], [], []],
  ['configmaps', 'v1', 'ConfigMap', 'ConfigMapList', 'configmap', true, ['cm'], [], []],
  [
    'deployments',
    'apps/v1',
    'Deployment',
    'DeploymentList',
    'deployment',
    true,
    ['deploy'],
    ['all'],
    ['status', 'scale'],
  ],
  [
    'replicasets',
    'apps/v1',
    'ReplicaSet',
    'ReplicaSetList',
    'replicaset',
    true,
    ['rs'],
    ['all'],
    ['status', 'scale'],
  ],
  ['daemonsets', 'apps/v1', 'DaemonSet', 'DaemonSetList', 'daemonset', true, ['ds'], ['all'], ['status']],
  [
    'endpointslices',
    'discovery.k8s.io/v1',
    'EndpointSlice',
    'EndpointSliceList',
    'endpointslice',
    true,
    [],
    [],
    [],
  ],
  [
    'networkpolicies',
    'networking.k8s.io/v1',
    'NetworkPolicy',
    'NetworkPolicyList',
    'networkpolicy',
    true,
    ['netpol'],
    [],
    [],
  ],
  ['ingresses', 'networking.k8s.io/v1', 'Ingress', 'IngressList', 'ingress', true, ['ing'], [], ['status']],
  [
    'ingressclasses',
    'networking.k8s.io/v1',
    'IngressClass',
    'IngressClassList',
    'ingressclass',
    false,
    [],
    [],
    [],
  ],
] as const;

test('the catalog serves exactly the fifteen resources, in discovery order', () => {
  assert.deepEqual(
    RESOURCES.map((r) => r.plural),
    IDENTITIES.map(([plural]) => plural),
  );
  assert.deepEqual(GROUP_VERSIONS, ['v1', 'apps/v1', 'discovery.k8s.io/v1', 'networking.k8s.io/v1']);
});

for (const [
  plural,
  apiVersion,
  kind,
  listKind,
  singular,
  namespaced,
  shortNames,
  categories,
  subresources,
] of IDENTITIES) {
  test(`${plural}: identity as Kubernetes reports it`, () => {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const r = findResource(group ?? '', version ?? '', plural);
    assert.ok(r, `${plural} is served`);
    assert.equal(apiVersionOf(r), apiVersion);
    assert.deepEqual(
      [r.kind, r.listKind, r.singular, r.namespaced, r.shortNames, r.categories, r.subresources],
      [kind, listKind, singular, namespaced, shortNames, categories, subresources],
    );
    assert.equal(findByKind(apiVersion, kind), r);
    assert.equal(r.patchSchema, kind);
    assert.ok(r.columns.length > 0 && r.validate, 'has table columns and validation');
  });
}

test('field selectors besides metadata.name and metadata.namespace', () => {
  const selectors = Object.fromEntries(RESOURCES.map((r) => [r.plural, r.fieldSelectors]));
  assert.deepEqual(selectors['pods'], [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ]);
  assert.deepEqual(selectors['events'], [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ]);
  assert.deepEqual(selectors['secrets'], ['type']);
  assert.deepEqual(selectors['nodes'], ['spec.unschedulable']);
  assert.deepEqual(selectors['namespaces'], ['status.phase']);
  assert.deepEqual(selectors['services'], ['spec.clusterIP', 'spec.type']);
  assert.deepEqual(selectors['replicasets'], ['status.replicas']);
  assert.deepEqual(selectors['configmaps'], []);
});

test('lookups miss cleanly: wrong group, version, plural or kind', () => {
  assert.equal(findResource('', 'v1', 'deployments'), undefined);
  assert.equal(findResource('apps', 'v1beta1', 'deployments'), undefined);
  assert.equal(findResource('', 'v1', 'po'), undefined);
  assert.equal(findByKind('apps/v1', 'Pod'), undefined);
  assert.equal(findByKind('extensions/v1beta1', 'Ingress'), undefined);
});

test('tables start with NAME, except events, which end with a wide-only NAME', () => {
  const pods = findResource('', 'v1', 'pods')!;
  assert.deepEqual(
    tableColumnsOf(pods).map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ],
  );
  const events = findResource('', 'v1', 'events')!;
  assert.deepEqual(
    tableColumnsOf(events).map((c) => [c.name, c.priority]),
    [
      ['Last Seen', 0],
      ['Type', 0],
      ['Reason', 0],
      ['Object', 0],
      ['Subobject', 1],
      ['Source', 1],
      ['Message', 0],
      ['First Seen', 1],
      ['Count', 1],
      ['Name', 1],
    ],
  );
  assert.equal(tableColumnsOf(pods)[0]?.format, 'name');
});
