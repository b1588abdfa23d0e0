import { test } from 'node:test';
import assert from 'node:assert/strict';
import { services } from '../core.js';
import { defaulted, makeService, set, unset } from '../fixtures.js';
import type { Tweak } from '../fixtures.js';

const specOf = (...tweaks: Tweak[]): Record<string, unknown> =>
  defaulted(services, makeService('web', ...tweaks))['spec'] as Record<string, unknown>;

test('a minimal Service: ClusterIP, TCP, targetPort = port, affinity None, single-stack IPv4', () => {
  assert.deepEqual(specOf(), {
    selector: { app: 'web' },
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    sessionAffinity: 'None',
    type: 'ClusterIP',
    internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
  });
});

test('targetPort: a zero or empty value becomes the port; names and numbers stay', () => {
  const ports = specOf(
    set('spec.ports', [
      { name: 'a', port: 80, targetPort: 0 },
      { name: 'b', port: 81, targetPort: '' },
      { name: 'c', port: 82, targetPort: 'http' },
      { name: 'd', port: 83, targetPort: 8083, protocol: 'UDP' },
    ]),
  )['ports'];
  assert.deepEqual(ports, [
    { name: 'a', port: 80, targetPort: 80, protocol: 'TCP' },
    { name: 'b', port: 81, targetPort: 81, protocol: 'TCP' },
    { name: 'c', port: 82, targetPort: 'http', protocol: 'TCP' },
    { name: 'd', port: 83, targetPort: 8083, protocol: 'UDP' },
  ]);
});

test('externalTrafficPolicy Cluster only for externally reachable Services', () => {
  assert.equal(specOf(set('spec.type', 'NodePort'))['externalTrafficPolicy'], 'Cluster');
  assert.equal(specOf(set('spec.type', 'LoadBalancer'))['externalTrafficPolicy'], 'Cluster');
  assert.equal(specOf(set('spec.externalIPs', ['192.0.2.1']))['externalTrafficPolicy'], 'Cluster');
  assert.equal(
    specOf(set('spec.type', 'LoadBalancer'), set('spec.externalTrafficPolicy', 'Local'))[
      'externalTrafficPolicy'
    ],
    'Local',
  );
  assert.equal(specOf()['externalTrafficPolicy'], undefined);
});

test('LoadBalancer: allocateLoadBalancerNodePorts true; ingress IPs get ipMode VIP', () => {
  const svc = defaulted(
    services,
    makeService(
      'web',
      set('spec.type', 'LoadBalancer'),
      set('status.loadBalancer.ingress', [{ ip: '172.30.0.200' }, { hostname: 'lb' }]),
    ),
  );
  assert.equal((svc['spec'] as Record<string, unknown>)['allocateLoadBalancerNodePorts'], true);
  assert.deepEqual((svc['status'] as { loadBalancer: unknown }).loadBalancer, {
    ingress: [{ ip: '172.30.0.200', ipMode: 'VIP' }, { hostname: 'lb' }],
  });
});

test('ClientIP affinity gets a 10800 s timeout; None drops any affinity config', () => {
  assert.deepEqual(specOf(set('spec.sessionAffinity', 'ClientIP'))['sessionAffinityConfig'], {
    clientIP: { timeoutSeconds: 10800 },
  });
  assert.deepEqual(
    specOf(
      set('spec.sessionAffinity', 'ClientIP'),
      set('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 60),
    )['sessionAffinityConfig'],
    { clientIP: { timeoutSeconds: 60 } },
  );
  assert.equal(
    specOf(set('spec.sessionAffinityConfig.clientIP.timeoutSeconds', 60))['sessionAffinityConfig'],
    undefined,
  );
});

test('clusterIPs follow clusterIP; headless without a selector requires dual stack', () => {
  assert.deepEqual(specOf(set('spec.clusterIP', '10.96.0.10'))['clusterIPs'], ['10.96.0.10']);
  const headless = specOf(set('spec.clusterIP', 'None'), unset('spec.selector'));
  assert.deepEqual(
    [headless['clusterIPs'], headless['ipFamilyPolicy'], headless['ipFamilies']],
    [['None'], 'RequireDualStack', ['IPv4']],
  );
  assert.equal(specOf(set('spec.clusterIP', 'None'))['ipFamilyPolicy'], 'SingleStack');
});

test('ExternalName: no IP families, no internal traffic policy', () => {
  const spec = specOf(
    set('spec.type', 'ExternalName'),
    set('spec.externalName', 'db.example.com'),
    unset('spec.ports'),
  );
  assert.deepEqual(spec, {
    selector: { app: 'web' },
    type: 'ExternalName',
    externalName: 'db.example.com',
    sessionAffinity: 'None',
  });
});
