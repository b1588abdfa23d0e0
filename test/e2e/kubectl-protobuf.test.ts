import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tlsFiles } from '../../src/apiserver/tls.js';
import { kubectl, startTestApiServer, type TestApiServer } from './support/apiserver.js';

/**
 * kubectl's typed `create` commands POST `application/vnd.kubernetes.protobuf` and never fall back
 * to JSON. Each form is run against the in-process API server and read back with `get -o json`.
 */

const NS = 'pb';

interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { containerPort: number; protocol: string }[];
  env?: { name: string; value: string }[];
}
interface Workload {
  metadata: { labels?: Record<string, string> };
  spec: {
    replicas?: number;
    selector?: { matchLabels: Record<string, string> };
    template?: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
    containers?: Container[];
  };
}
interface ServicePort {
  name: string;
  port: number;
  targetPort: number;
  protocol: string;
  nodePort?: number;
}
interface Service {
  spec: { type: string; clusterIP?: string; externalName?: string; ports?: ServicePort[]; selector?: object };
}

describe('kubectl create sends protobuf, and the objects come through whole', () => {
  let api: TestApiServer;
  before(async () => {
    api = await startTestApiServer();
  });
  after(() => api.close());

  const run = async (args: string[]) => {
    const r = await kubectl(api, args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const get = async <T>(kind: string, name: string): Promise<T> =>
    JSON.parse(await run(['get', kind, name, '-n', NS, '-o', 'json'])) as T;

  test('the body really is protobuf (kubectl -v=8), and a namespace is created from it', async () => {
    const r = await kubectl(api, ['create', 'namespace', NS, '-v=8']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
    assert.match(r.stdout, /namespace\/pb created/);
    const ns = JSON.parse(await run(['get', 'namespace', NS, '-o', 'json'])) as {
      metadata: { name: string };
    };
    assert.equal(ns.metadata.name, NS);
  });

  test('configmap from literals and a file', async () => {
    const file = join(api.dir, 'app.properties');
    await writeFile(file, 'color=blue\nsize=2\n');
    await run([
      'create',
      'configmap',
      'cfg',
      '-n',
      NS,
      '--from-literal=a=b',
      '--from-literal=empty=',
      `--from-file=${file}`,
    ]);
    const cm = await get<{ data: Record<string, string> }>('configmap', 'cfg');
    assert.deepEqual(cm.data, { a: 'b', empty: '', 'app.properties': 'color=blue\nsize=2\n' });
  });

  test('secrets: generic, tls and docker-registry keep their bytes and types', async () => {
    await run([
      'create',
      'secret',
      'generic',
      'creds',
      '-n',
      NS,
      '--from-literal=user=admin',
      '--from-literal=pw=s3 cr=t',
    ]);
    const generic = await get<{ type: string; data: Record<string, string> }>('secret', 'creds');
    assert.equal(generic.type, 'Opaque');
    const decoded = Object.fromEntries(
      Object.entries(generic.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
    assert.deepEqual(decoded, { user: 'admin', pw: 's3 cr=t' });

    const pki = tlsFiles(join(api.dir, 'pki'));
    await run(['create', 'secret', 'tls', 'cert', '-n', NS, `--cert=${pki.cert}`, `--key=${pki.key}`]);
    const tls = await get<{ type: string; data: Record<string, string> }>('secret', 'cert');
    assert.equal(tls.type, 'kubernetes.io/tls');
    assert.equal(Buffer.from(tls.data['tls.crt']!, 'base64').toString(), await readFile(pki.cert, 'utf8'));

    await run([
      'create',
      'secret',
      'docker-registry',
      'reg',
      '-n',
      NS,
      '--docker-server=r.example',
      '--docker-username=u',
      '--docker-password=p',
    ]);
    const reg = await get<{ type: string; data: Record<string, string> }>('secret', 'reg');
    assert.equal(reg.type, 'kubernetes.io/dockerconfigjson');
    const config = JSON.parse(Buffer.from(reg.data['.dockerconfigjson']!, 'base64').toString()) as {
      auths: Record<string, { username: string }>;
    };
    assert.equal(config.auths['r.example']!.username, 'u');
  });

  test('deployment with --image --replicas --port', async () => {
    await run(['create', 'deployment', 'web', '-n', NS, '--image=nginx:1.25', '--replicas=2', '--port=8080']);
    const deploy = await get<Workload>('deployment', 'web');
    assert.equal(deploy.spec.replicas, 2);
    assert.deepEqual(deploy.spec.selector, { matchLabels: { app: 'web' } });
    assert.deepEqual(deploy.spec.template!.metadata.labels, { app: 'web' });
    const [container] = deploy.spec.template!.spec.containers;
    assert.equal(container!.name, 'nginx');
    assert.equal(container!.image, 'nginx:1.25');
    assert.deepEqual(container!.ports, [{ containerPort: 8080, protocol: 'TCP' }]);
  });

  test('deployment with a command', async () => {
    await run(['create', 'deployment', 'sleeper', '-n', NS, '--image=busybox', '--', 'sleep', '3600']);
    const deploy = await get<Workload>('deployment', 'sleeper');
    assert.deepEqual(deploy.spec.template!.spec.containers[0]!.command, ['sleep', '3600']);
  });

  test('services: clusterip (two ports), headless, nodeport, loadbalancer, externalname', async () => {
    await run(['create', 'service', 'clusterip', 'front', '-n', NS, '--tcp=80:8080', '--tcp=443:8443']);
    const front = await get<Service>('service', 'front');
    assert.equal(front.spec.type, 'ClusterIP');
    assert.match(front.spec.clusterIP!, /^10\./);
    assert.deepEqual(front.spec.selector, { app: 'front' });
    assert.deepEqual(
      front.spec.ports!.map(({ name, port, targetPort, protocol }) => ({ name, port, targetPort, protocol })),
      [
        { name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: '443-8443', port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
    );

    await run(['create', 'service', 'clusterip', 'headless', '-n', NS, '--clusterip=None']);
    assert.equal((await get<Service>('service', 'headless')).spec.clusterIP, 'None');

    await run(['create', 'service', 'nodeport', 'np', '-n', NS, '--tcp=80:8080', '--node-port=30080']);
    const np = await get<Service>('service', 'np');
    assert.equal(np.spec.type, 'NodePort');
    assert.deepEqual(
      np.spec.ports!.map((p) => [p.port, p.targetPort, p.nodePort]),
      [[80, 8080, 30080]],
    );

    await run(['create', 'service', 'loadbalancer', 'lb', '-n', NS, '--tcp=80:8080']);
    const lb = await get<Service>('service', 'lb');
    assert.equal(lb.spec.type, 'LoadBalancer');
    assert.equal(lb.spec.ports![0]!.targetPort, 8080);

    await run(['create', 'service', 'externalname', 'ext', '-n', NS, '--external-name=example.com']);
    const ext = await get<Service>('service', 'ext');
    assert.equal(ext.spec.type, 'ExternalName');
    assert.equal(ext.spec.externalName, 'example.com');
  });

  test('ingress with rules, TLS, a default backend and a class', async () => {
    await run([
      'create',
      'ingress',
      'web',
      '-n',
      NS,
      '--class=nginx',
      '--rule=shop.example/api*=front:80,tls=shop-cert',
      '--rule=/exact=front:https',
      '--default-backend=front:80',
    ]);
    const ing = await get<{ spec: unknown }>('ingress', 'web');
    const backend = (name: string, port: object) => ({ service: { name, port } });
    assert.deepEqual(ing.spec, {
      ingressClassName: 'nginx',
      defaultBackend: backend('front', { number: 80 }),
      tls: [{ hosts: ['shop.example'], secretName: 'shop-cert' }],
      rules: [
        {
          host: 'shop.example',
          http: { paths: [{ path: '/api', pathType: 'Prefix', backend: backend('front', { number: 80 }) }] },
        },
        {
          http: {
            paths: [{ path: '/exact', pathType: 'Exact', backend: backend('front', { name: 'https' }) }],
          },
        },
      ],
    });
  });

  test('kubectl run (sent as JSON) still works beside them', async () => {
    await run(['run', 'solo', '-n', NS, '--image=busybox', '--port=9000', '--env=A=B', '--labels=x=y']);
    const pod = await get<Workload>('pod', 'solo');
    assert.deepEqual(pod.metadata.labels, { x: 'y' });
    const [container] = pod.spec.containers!;
    assert.equal(container!.image, 'busybox');
    assert.deepEqual(container!.ports, [{ containerPort: 9000, protocol: 'TCP' }]);
    assert.deepEqual(container!.env, [{ name: 'A', value: 'B' }]);
  });
});
