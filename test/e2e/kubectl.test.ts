import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { kubectl, startTestApiServer, type TestApiServer } from './support/apiserver.js';

const MANIFEST = (image: string, replicas: number) => `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: netexec
        image: ${image}
        args: ["netexec", "--http-port=8080"]
        ports: [{containerPort: 8080}]
        env: [{name: A, value: "1"}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
  - from:
    - podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: shop.example
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
`;

const AGNHOST = 'registry.k8s.io/e2e-test-images/agnhost:2.47';

describe('the real kubectl against the flatnet API server', () => {
  let api: TestApiServer;
  before(async () => {
    api = await startTestApiServer();
  });
  after(() => api.close());

  const run = async (args: string[], input?: string) => {
    const r = await kubectl(api, args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  test('version reports server 1.32', async () => {
    assert.match(await run(['version', '-o', 'json']), /"minor": "32"/);
  });

  test('apply creates, re-apply is unchanged, an edit is configured', async () => {
    const created = await run(['apply', '-f', '-'], MANIFEST(AGNHOST, 2));
    for (const line of [
      'namespace/shop created',
      'deployment.apps/web created',
      'service/web created',
      'networkpolicy.networking.k8s.io/web-ingress created',
      'ingress.networking.k8s.io/web created',
    ]) {
      assert.ok(created.includes(line), `${line} in:\n${created}`);
    }
    const again = await run(['apply', '-f', '-'], MANIFEST(AGNHOST, 2));
    assert.match(again, /deployment.apps\/web unchanged/);
    assert.match(again, /service\/web unchanged/);
    const edited = await run(['apply', '-f', '-'], MANIFEST(`${AGNHOST}x`, 3));
    assert.match(edited, /deployment.apps\/web configured/);
    assert.match(edited, /service\/web unchanged/);
    const deploy = JSON.parse(await run(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json'])) as {
      spec: { replicas: number; template: { spec: { containers: { image: string; env: unknown[] }[] } } };
      metadata: { generation: number };
    };
    assert.equal(deploy.spec.replicas, 3);
    assert.equal(deploy.spec.template.spec.containers[0]!.image, `${AGNHOST}x`);
    assert.equal(deploy.metadata.generation, 2);
  });

  test('the Service got a ClusterIP from the service CIDR and defaults', async () => {
    const svc = JSON.parse(await run(['get', 'svc', 'web', '-n', 'shop', '-o', 'json'])) as {
      spec: { clusterIP: string; type: string; ports: { protocol: string; targetPort: number }[] };
    };
    assert.match(svc.spec.clusterIP, /^10\.(9[6-9]|10[0-9]|11[01])\./);
    assert.equal(svc.spec.type, 'ClusterIP');
    assert.equal(svc.spec.ports[0]!.protocol, 'TCP');
    const wide = await run(['get', 'svc', '-n', 'shop', '-o', 'wide']);
    assert.match(wide, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR/);
    assert.match(wide, /web\s+ClusterIP\s+10\.\S+\s+<none>\s+80\/TCP\s+\S+\s+app=web/);
  });

  test('label, patch, scale and get all', async () => {
    assert.match(await run(['label', 'svc', 'web', '-n', 'shop', 'tier=front']), /service\/web labeled/);
    assert.match(await run(['get', 'svc', '-n', 'shop', '-l', 'tier=front', '-o', 'name']), /service\/web/);
    assert.equal((await run(['get', 'svc', '-n', 'shop', '-l', 'tier=back', '-o', 'name'])).trim(), '');
    await run(['patch', 'svc', 'web', '-n', 'shop', '-p', '{"spec":{"type":"NodePort"}}']);
    const svc = JSON.parse(await run(['get', 'svc', 'web', '-n', 'shop', '-o', 'json'])) as {
      spec: { ports: { nodePort: number }[] };
    };
    assert.ok(svc.spec.ports[0]!.nodePort >= 30000 && svc.spec.ports[0]!.nodePort <= 32767);
    assert.match(
      await run(['scale', 'deploy', 'web', '-n', 'shop', '--replicas=5']),
      /deployment.apps\/web scaled/,
    );
    assert.match(await run(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}']), /^5$/);
    const all = await run(['get', 'all', '-n', 'shop']);
    assert.match(all, /service\/web/);
    assert.match(all, /deployment.apps\/web/);
  });

  test('--dry-run=server validates and allocates but stores nothing', async () => {
    const out = await run(
      ['apply', '--dry-run=server', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry, namespace: shop}\ndata: {a: b}\n',
    );
    assert.match(out, /configmap\/dry created \(server dry run\)/);
    const get = await kubectl(api, ['get', 'configmap', 'dry', '-n', 'shop']);
    assert.notEqual(get.code, 0);
    assert.match(get.stderr, /NotFound/);
  });

  test('describe svc works', async () => {
    const text = await run(['describe', 'svc', 'web', '-n', 'shop']);
    assert.match(text, /Name:\s+web/);
    assert.match(text, /Selector:\s+app=web/);
  });

  test('get -w sees a change made by another client', async () => {
    const child = spawn('kubectl', [
      '--kubeconfig',
      api.kubeconfig,
      '--cache-dir',
      join(api.dir, 'kube-cache'),
      'get',
      'configmaps',
      '-n',
      'shop',
      '-w',
      '--no-headers',
    ]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise((r) => setTimeout(r, 1500));
      await run(
        ['create', '-f', '-'],
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched, namespace: shop}\ndata: {a: b}\n',
      );
      for (let i = 0; i < 50 && !out.includes('watched'); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(out, /watched\s+1/);
    } finally {
      child.kill();
    }
  });

  test('bad input gets a Kubernetes error', async () => {
    const dup = await kubectl(
      api,
      ['create', '-f', '-'],
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
    );
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /AlreadyExists.*namespaces "shop" already exists/);
    const missing = await kubectl(api, ['get', 'pod', 'nope', '-n', 'shop']);
    assert.match(missing.stderr, /NotFound.*pods "nope" not found/);
    const bad = await kubectl(
      api,
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Service\nmetadata: {name: bad, namespace: shop}\nspec:\n  ports: [{port: 70000}]\n',
    );
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /spec\.ports\[0\]\.port: Invalid value: 70000/);
  });

  test('pods are bound to a node once, through pods/binding (as the scheduler does)', async () => {
    await run(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata: {name: lone, namespace: shop}\nspec:\n  containers: [{name: c, image: busybox, command: [sleep, "60"]}]\n',
    );
    const binding = (node: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'lone' },
        target: { kind: 'Node', name: node },
      });
    await run(['create', '--raw', '/api/v1/namespaces/shop/pods/lone/binding', '-f', '-'], binding('node-1'));
    assert.equal(
      await run(['get', 'pod', 'lone', '-n', 'shop', '-o', 'jsonpath={.spec.nodeName}']),
      'node-1',
    );
    const again = await kubectl(
      api,
      ['create', '--raw', '/api/v1/namespaces/shop/pods/lone/binding', '-f', '-'],
      binding('node-2'),
    );
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /already assigned to node "node-1"/);
    const update = await kubectl(api, [
      'patch',
      'pod',
      'lone',
      '-n',
      'shop',
      '-p',
      '{"spec":{"nodeName":"node-3"}}',
    ]);
    assert.notEqual(update.code, 0, 'spec.nodeName cannot be changed by an update');
    assert.match(
      await run(['get', 'pod', 'lone', '-n', 'shop', '-o', 'wide']),
      /lone\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+node-1/,
    );
  });

  test('delete -f removes everything, including the namespace', async () => {
    await run(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: orphaned, namespace: shop}\n',
    );
    await run(['delete', 'configmap', 'orphaned', '-n', 'shop', '--cascade=orphan', '--wait=false']);
    const held = JSON.parse(await run(['get', 'configmap', 'orphaned', '-n', 'shop', '-o', 'json'])) as {
      metadata: { finalizers?: string[]; deletionTimestamp?: string };
    };
    assert.deepEqual(
      held.metadata.finalizers,
      ['orphan'],
      'the garbage collector finishes orphaning deletions',
    );
    assert.ok(held.metadata.deletionTimestamp);
    const out = await run(['delete', '-f', '-', '--wait=false'], MANIFEST(AGNHOST, 2));
    assert.match(out, /namespace "shop" deleted/);
    assert.match(out, /deployment.apps "web" deleted/);
    // No namespace controller runs in this test: the namespace stays Terminating, as kubectl shows it.
    assert.match(await run(['get', 'namespace', 'shop', '--no-headers']), /^shop\s+Terminating/);
  });
});
