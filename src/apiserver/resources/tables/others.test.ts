import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configMaps, endpoints, events, namespaces, secrets } from '../core.js';
import { endpointSlices } from '../discovery.js';
import { ingressClasses, ingresses, networkPolicies } from '../networking.js';
import {
  ago,
  makeConfigMap,
  makeEndpoints,
  makeEndpointSlice,
  makeEvent,
  makeIngress,
  makeIngressClass,
  makeNamespace,
  makeNetworkPolicy,
  makeSecret,
  MINUTE,
  row,
  set,
} from '../fixtures.js';

test('endpoints: ip:port per port, " + N more..." after three, bare IPs without ports, "<none>" without subsets', () => {
  const addresses = ['10.244.1.5', '10.244.2.6', '10.244.3.7'].map((ip) => ({ ip }));
  const many = makeEndpoints('web', set('subsets', [{ addresses, ports: [{ port: 8080 }, { port: 8443 }] }]));
  assert.equal(
    row(endpoints, many)['Endpoints'],
    '10.244.1.5:8080,10.244.2.6:8080,10.244.3.7:8080 + 3 more...',
  );
  const one = makeEndpoints(
    'web',
    set('subsets', [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }]),
  );
  assert.equal(row(endpoints, one)['Endpoints'], '10.244.1.5:80');
  const headless = makeEndpoints('db', set('subsets', [{ addresses: [{ ip: '10.244.1.5' }] }]));
  assert.equal(row(endpoints, headless)['Endpoints'], '10.244.1.5');
  assert.equal(row(endpoints, makeEndpoints('none'))['Endpoints'], '<none>');
  assert.equal(
    row(
      endpoints,
      makeEndpoints('v6', set('subsets', [{ addresses: [{ ip: 'fd00::5' }], ports: [{ port: 80 }] }])),
    )['Endpoints'],
    '[fd00::5]:80',
  );
});

test('endpointslice: ADDRESSTYPE, PORTS, ENDPOINTS', () => {
  const slice = makeEndpointSlice(
    'web-abc12',
    set('ports', [{ name: 'http', port: 80 }, { name: 'named' }, {}]),
    set('endpoints', [
      { addresses: ['10.244.1.5'] },
      { addresses: ['10.244.2.6'] },
      { addresses: ['10.244.3.7'] },
      { addresses: ['10.244.4.8'] },
    ]),
  );
  assert.deepEqual(row(endpointSlices, slice), {
    AddressType: 'IPv4',
    Ports: '80,named,*',
    Endpoints: '10.244.1.5,10.244.2.6,10.244.3.7 + 1 more...',
    Age: '5m',
  });
  assert.deepEqual(row(endpointSlices, makeEndpointSlice('empty')), {
    AddressType: 'IPv4',
    Ports: '<unset>',
    Endpoints: '<unset>',
    Age: '5m',
  });
});

test('networkpolicy: POD-SELECTOR as a selector string, "<none>" for all pods', () => {
  assert.deepEqual(row(networkPolicies, makeNetworkPolicy('deny-all')), {
    'Pod-Selector': '<none>',
    Age: '5m',
  });
  const np = makeNetworkPolicy(
    'db',
    set('spec.podSelector', {
      matchLabels: { app: 'db' },
      matchExpressions: [{ key: 'env', operator: 'Exists' }],
    }),
  );
  assert.equal(row(networkPolicies, np)['Pod-Selector'], 'app=db,env');
});

test('ingress: CLASS, HOSTS, ADDRESS, PORTS', () => {
  assert.deepEqual(row(ingresses, makeIngress('web')), {
    Class: '<none>',
    Hosts: 'web.example.com',
    Address: '',
    Ports: '80',
    Age: '5m',
  });
  const busy = makeIngress(
    'shop',
    set('spec.ingressClassName', 'flatnet'),
    set('spec.rules', [
      { host: 'a.example.com' },
      {},
      { host: 'b.example.com' },
      { host: 'c.example.com' },
      { host: 'd.example.com' },
    ]),
    set('spec.tls', [{ hosts: ['a.example.com'], secretName: 'tls' }]),
    set('status.loadBalancer.ingress', [{ ip: '172.30.0.201' }, { ip: '172.30.0.200' }]),
  );
  assert.deepEqual(row(ingresses, busy), {
    Class: 'flatnet',
    Hosts: 'a.example.com,b.example.com,c.example.com + 2 more...',
    Address: '172.30.0.200,172.30.0.201',
    Ports: '80, 443',
    Age: '5m',
  });
  assert.equal(row(ingresses, makeIngress('catch-all', set('spec.rules', [{}])))['Hosts'], '*');
});

test('ingressclass: CONTROLLER and PARAMETERS', () => {
  assert.deepEqual(row(ingressClasses, makeIngressClass('flatnet')), {
    Controller: 'flatnet.dev/ingress',
    Parameters: '<none>',
    Age: '5m',
  });
  const withParams = makeIngressClass(
    'x',
    set('spec.parameters', { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' }),
  );
  assert.equal(
    row(ingressClasses, withParams)['Parameters'],
    'IngressParameters.k8s.example.com/external-lb',
  );
  const coreParams = makeIngressClass('y', set('spec.parameters', { kind: 'ConfigMap', name: 'cfg' }));
  assert.equal(row(ingressClasses, coreParams)['Parameters'], 'ConfigMap/cfg');
});

test('namespace, configmap and secret columns', () => {
  assert.deepEqual(row(namespaces, makeNamespace('shop', set('status.phase', 'Terminating'))), {
    Status: 'Terminating',
    Age: '5m',
  });
  const cm = makeConfigMap('cfg', set('data', { a: '1', b: '2' }), set('binaryData', { c: 'AA==' }));
  assert.deepEqual(row(configMaps, cm), { Data: 3, Age: '5m' });
  const secret = makeSecret(
    'tls',
    set('type', 'kubernetes.io/tls'),
    set('data', { 'tls.crt': 'AA==', 'tls.key': 'AA==' }),
  );
  assert.deepEqual(row(secrets, secret), { Type: 'kubernetes.io/tls', Data: 2, Age: '5m' });
});

test('event: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT', () => {
  const ev = makeEvent(
    'web.17c',
    set('type', 'Warning'),
    set('reason', 'BackOff'),
    set('message', ' Back-off restarting failed container \n'),
    set('involvedObject.fieldPath', 'spec.containers{app}'),
    set('source', { component: 'kubelet', host: 'node-1' }),
    set('firstTimestamp', ago(30 * MINUTE)),
    set('lastTimestamp', ago(2 * MINUTE)),
    set('count', 7),
  );
  assert.deepEqual(row(events, ev), {
    'Last Seen': '2m',
    Type: 'Warning',
    Reason: 'BackOff',
    Object: 'pod/web',
    Subobject: 'spec.containers{app}',
    Source: 'kubelet, node-1',
    Message: 'Back-off restarting failed container',
    'First Seen': '30m',
    Count: 7,
  });
  // An events.k8s.io singleton: eventTime only, no count, the reporting controller as source.
  const modern = makeEvent(
    'x',
    set('eventTime', ago(3 * MINUTE)),
    set('reportingController', 'flatnet-scheduler'),
    set('involvedObject', { kind: 'Node' }),
  );
  const cells = row(events, modern);
  assert.deepEqual(
    [cells['Last Seen'], cells['First Seen'], cells['Count'], cells['Object'], cells['Source']],
    ['3m', '3m', 1, 'node', 'flatnet-scheduler'],
  );
  const series = makeEvent(
    'y',
    set('series', { count: 12, lastObservedTime: ago(MINUTE) }),
    set('eventTime', ago(10 * MINUTE)),
  );
  assert.deepEqual([row(events, series)['Last Seen'], row(events, series)['Count']], ['60s', 12]);
});
