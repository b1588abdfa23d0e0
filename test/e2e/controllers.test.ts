import { after, before, describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { ApiClient } from '../../src/client/api-client.js';
import { isNotFound } from '../../src/client/errors.js';
import { connect, type HttpApiClient } from '../../src/client/http-client.js';
import { Informer } from '../../src/client/informer.js';
import { KINDS, type ResourceKind } from '../../src/client/kinds.js';
import type {
  DaemonSet,
  Deployment,
  EndpointSlice,
  Namespace,
  Node,
  Pod,
  ReplicaSet,
} from '../../src/client/objects.js';
import type { KubeObject } from '../../src/client/types.js';
import { waitFor } from '../../src/client/wait-for.js';
import { cidrContains, parseCidr, parseIPv4 } from '../../src/lib/ipv4.js';
import { startControllers, type RunningControllers } from '../../src/controller-manager/manager.js';
import { startFakeKubelet, type FakeKubelet } from '../../src/controller-manager/testing/fake-kubelet.js';
import { kubectl, startTestApiServer, type TestApiServer } from './support/apiserver.js';

/**
 * The controller-manager against the real API server (in-process, no root): real kubectl and our
 * client. The kubelets are simulated (testing/fake-kubelet.ts): bound pods are reported Running and
 * Ready with an IP from their node's podCIDR, and pods marked for deletion are removed.
 */

const NODES = ['node-a', 'node-b', 'node-c'];
const POLL = { timeoutMs: 30_000 };

const WEB = (image: string) => `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: netexec
        image: ${image}
        args: [netexec, --http-port=8080]
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const AGENT = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: shop}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: agnhost:1}]
`;

const WATCHED = `
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: watched}
spec:
  selector: {app: echo}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: watched}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: v1
kind: Pod
metadata: {name: echo-1, namespace: watched, labels: {app: echo}}
spec:
  containers: [{name: echo, image: agnhost:1}]
`;

describe('the controller-manager against the flatnet API server', () => {
  let api: TestApiServer;
  let controllers: RunningControllers;
  let client: ApiClient;
  let kubelet: FakeKubelet;
  const logs: string[] = [];

  const run = async (args: string[], input?: string): Promise<string> => {
    const r = await kubectl(api, args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const list = async <T extends KubeObject>(kind: ResourceKind, namespace?: string): Promise<T[]> =>
    (await client.list<T>(kind, namespace ? { namespace } : {})).items;
  const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
  const gone = async (kind: ResourceKind, namespace: string | undefined, name: string): Promise<boolean> =>
    client.get(kind, namespace, name).then(
      () => false,
      (err: unknown) => isNotFound(err),
    );

  const addNode = async (name: string): Promise<void> => {
    const node = await client.create<Node>(KINDS.node, {
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    });
    await client.updateStatus<Node>(KINDS.node, {
      ...node,
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
    });
  };
  const podCidr = async (name: string): Promise<string | undefined> =>
    (await client.get<Node>(KINDS.node, undefined, name)).spec?.podCIDR;

  before(async () => {
    api = await startTestApiServer();
    controllers = await startControllers(api.kubeconfig, { log: (line) => logs.push(line) });
    client = controllers.client;
    kubelet = startFakeKubelet(client);
  });
  after(async () => {
    await kubelet?.stop();
    await controllers?.stop();
    await api?.close();
  });

  test('nodes get distinct podCIDRs from 10.244.0.0/16; a deleted node frees its CIDR for the next', async () => {
    for (const name of ['ipam-1', 'ipam-2', 'ipam-3']) await addNode(name);
    const cidrs = await waitFor(
      'three podCIDRs',
      async () => {
        const all = await Promise.all(['ipam-1', 'ipam-2', 'ipam-3'].map(podCidr));
        return all.every(Boolean) && (all as string[]);
      },
      POLL,
    );
    assert.equal(new Set(cidrs).size, 3);
    for (const cidr of cidrs) assert.match(cidr, /^10\.244\.\d+\.0\/24$/);
    const node = await client.get<Node>(KINDS.node, undefined, 'ipam-2');
    assert.deepEqual(node.spec?.podCIDRs, [node.spec?.podCIDR]);
    await run(['delete', 'node', 'ipam-2']);
    await waitFor(
      'the release',
      () => logs.some((l) => l.includes(`released ${cidrs[1]} of deleted node ipam-2`)),
      POLL,
    );
    await addNode('ipam-4');
    assert.equal(await waitFor('ipam-4 podCIDR', () => podCidr('ipam-4'), POLL), cidrs[1]);
    for (const name of ['ipam-1', 'ipam-3', 'ipam-4']) await run(['delete', 'node', name]);
  });

  describe('workloads on three ready nodes', () => {
    before(async () => {
      for (const name of NODES) await addNode(name);
      await waitFor(
        'node podCIDRs',
        async () => (await Promise.all(NODES.map(podCidr))).every(Boolean),
        POLL,
      );
    });
    after(async () => {
      await kubectl(api, ['delete', 'namespace', 'shop', '--ignore-not-found', '--wait=false']);
      await waitFor('shop gone', () => gone(KINDS.namespace, undefined, 'shop'), POLL);
      for (const name of NODES) await run(['delete', 'node', name]);
    });

    test('a Deployment gets a ReplicaSet and 3 pods spread over the nodes, its Service 3 ready endpoints', async () => {
      await run(['apply', '-f', '-'], WEB('agnhost:2.47'));
      const pods = await waitFor(
        '3 bound pods',
        async () => {
          const all = live(await list<Pod>(KINDS.pod, 'shop'));
          return all.length === 3 && all.every((p) => p.spec?.nodeName) && all;
        },
        POLL,
      );
      assert.deepEqual(pods.map((p) => p.spec!.nodeName).sort(), NODES, 'one replica per node');
      const [rs] = await list<ReplicaSet>(KINDS.replicaSet, 'shop');
      assert.match(rs!.metadata.name!, /^web-[a-z0-9]+$/);
      for (const pod of pods)
        assert.match(pod.metadata.name!, new RegExp(`^${rs!.metadata.name}-[a-z0-9]{5}$`));

      const slice = await waitFor(
        '3 ready endpoints',
        async () => {
          const [s] = (
            await client.list<EndpointSlice>(KINDS.endpointSlice, {
              namespace: 'shop',
              labelSelector: 'kubernetes.io/service-name=web',
            })
          ).items;
          return s?.endpoints.length === 3 && s.endpoints.every((e) => e.conditions.ready) && s;
        },
        POLL,
      );
      assert.equal(
        slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by'],
        'endpointslice-controller.k8s.io',
      );
      assert.equal(slice.metadata.ownerReferences?.[0]?.kind, 'Service');
      assert.deepEqual(
        slice.ports,
        [{ name: 'http', port: 8080, protocol: 'TCP' }],
        'the named targetPort resolved',
      );
      for (const endpoint of slice.endpoints) {
        const cidr = parseCidr((await podCidr(endpoint.nodeName!))!);
        assert.ok(
          cidrContains(cidr, parseIPv4(endpoint.addresses[0]!)),
          `${endpoint.addresses[0]} is in ${endpoint.nodeName}'s podCIDR`,
        );
        assert.deepEqual(endpoint.conditions, { ready: true, serving: true, terminating: false });
        assert.equal(endpoint.targetRef?.kind, 'Pod');
      }
      await waitFor(
        'READY 3/3',
        async () => /^web\s+3\/3\s+3\s+3\s/m.test(await run(['get', 'deploy', '-n', 'shop'])),
        POLL,
      );
      assert.match(
        await run(['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout=30s']),
        /successfully rolled out/,
      );
      const describe = await run(['describe', 'svc', 'web', '-n', 'shop']);
      assert.match(
        describe,
        /Endpoints:\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080/,
      );
    });

    test('a new image rolls the pods over to a new ReplicaSet', async () => {
      await run(['set', 'image', 'deploy/web', '-n', 'shop', 'netexec=agnhost:2.48']);
      assert.match(
        await run(['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout=60s']),
        /successfully rolled out/,
      );
      const sets = await waitFor(
        'old set scaled to 0',
        async () => {
          const all = await list<ReplicaSet>(KINDS.replicaSet, 'shop');
          return all.length === 2 && all.every((rs) => rs.status?.replicas === rs.spec.replicas) && all;
        },
        POLL,
      );
      const revision = (rs: ReplicaSet) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'];
      assert.deepEqual(
        sets.map((rs) => [revision(rs), rs.spec.replicas, rs.spec.template.spec.containers[0]!.image]).sort(),
        [
          ['1', 0, 'agnhost:2.47'],
          ['2', 3, 'agnhost:2.48'],
        ],
      );
      const images = await waitFor(
        'old pods gone',
        async () => {
          const pods = await list<Pod>(KINDS.pod, 'shop');
          return pods.length === 3 && pods.map((p) => p.spec!.containers[0]!.image);
        },
        POLL,
      );
      assert.deepEqual(images, ['agnhost:2.48', 'agnhost:2.48', 'agnhost:2.48']);
      assert.match(await run(['rollout', 'history', 'deploy/web', '-n', 'shop']), /1\s+<none>\s+2\s+<none>/);
    });

    test('kubectl scale changes the pod count', async () => {
      const readyPods = async (n: number) => {
        const d = await client.get<Deployment>(KINDS.deployment, 'shop', 'web');
        const pods = await list<Pod>(KINDS.pod, 'shop');
        return pods.length === n && d.status?.readyReplicas === n && d.status.availableReplicas === n;
      };
      await run(['scale', 'deploy/web', '-n', 'shop', '--replicas=5']);
      await waitFor('5 ready pods', () => readyPods(5), POLL);
      await run(['scale', 'deploy/web', '-n', 'shop', '--replicas=2']);
      await waitFor('2 ready pods', () => readyPods(2), POLL);
      const [slice] = (
        await client.list<EndpointSlice>(KINDS.endpointSlice, {
          namespace: 'shop',
          labelSelector: 'kubernetes.io/service-name=web',
        })
      ).items;
      await waitFor(
        '2 endpoints',
        async () => {
          const [s] = (
            await client.list<EndpointSlice>(KINDS.endpointSlice, {
              namespace: 'shop',
              labelSelector: 'kubernetes.io/service-name=web',
            })
          ).items;
          return s?.endpoints.length === 2;
        },
        POLL,
      );
      assert.ok(slice);
    });

    test('a DaemonSet runs one pod on every node', async () => {
      await run(['apply', '-f', '-'], AGENT);
      const pods = await waitFor(
        'a daemon per node',
        async () => {
          const all = live(await list<Pod>(KINDS.pod, 'shop')).filter(
            (p) => p.metadata.labels?.['app'] === 'agent',
          );
          return all.length === 3 && all;
        },
        POLL,
      );
      assert.deepEqual(pods.map((p) => p.spec!.nodeName).sort(), NODES);
      assert.match(
        await run(['rollout', 'status', 'ds/agent', '-n', 'shop', '--timeout=30s']),
        /successfully rolled out/,
      );
      const ds = await client.get<DaemonSet>(KINDS.daemonSet, 'shop', 'agent');
      assert.equal(ds.status?.numberReady, 3);
      await run(['delete', 'ds', 'agent', '-n', 'shop']);
      await waitFor(
        'daemon pods collected',
        async () => (await list<Pod>(KINDS.pod, 'shop')).every((p) => p.metadata.labels?.['app'] !== 'agent'),
        POLL,
      );
    });

    test('deleting the Deployment garbage-collects its ReplicaSets and pods', async () => {
      await run(['delete', 'deploy', 'web', '-n', 'shop']);
      await waitFor(
        'sets and pods collected',
        async () =>
          (await list(KINDS.replicaSet, 'shop')).length === 0 && (await list(KINDS.pod, 'shop')).length === 0,
        POLL,
      );
      assert.ok(logs.some((l) => /garbage-collector: deleted replicasets\.apps shop\/web-/.test(l)));
    });
  });

  test('deleting a namespace goes through Terminating, removes its contents, then the namespace', async () => {
    await run(['create', 'namespace', 'doomed']);
    await run(['create', 'configmap', 'settings', '-n', 'doomed', '--from-literal=a=b']);
    await run(['create', 'service', 'clusterip', 'db', '-n', 'doomed', '--tcp=5432:5432']);
    const phases: string[] = [];
    const namespaces = new Informer<Namespace>(client, KINDS.namespace, {
      fieldSelector: 'metadata.name=doomed',
    });
    namespaces.addHandlers({
      update: (_o, ns) => phases.push(ns.status?.phase ?? ''),
      delete: () => phases.push('deleted'),
    });
    namespaces.start();
    await namespaces.waitForSync();
    try {
      await run(['delete', 'namespace', 'doomed', '--wait=false']);
      await waitFor('the namespace gone', () => phases.includes('deleted'), POLL);
      assert.ok(
        phases.indexOf('Terminating') >= 0 && phases.indexOf('Terminating') < phases.indexOf('deleted'),
        phases.join(),
      );
      assert.deepEqual(await list(KINDS.configMap, 'doomed'), []);
      assert.deepEqual(await list(KINDS.service, 'doomed'), []);
      assert.ok(logs.some((l) => l === 'namespace: doomed: empty, finalizer removed'));
    } finally {
      await namespaces.stop();
    }
  });

  test('informers for Pods, Services, EndpointSlices and NetworkPolicies see every change across an API server restart', async () => {
    await run(['create', 'namespace', 'watched']);
    const kinds = [KINDS.pod, KINDS.service, KINDS.endpointSlice, KINDS.networkPolicy];
    const seen = new Map<string, string[]>(kinds.map((k) => [k.plural, []]));
    const informers = kinds.map((kind) => {
      const informer = new Informer<KubeObject>(client, kind, {
        namespace: 'watched',
        minBackoffMs: 50,
        maxBackoffMs: 500,
      });
      const record = (verb: string) => (obj: KubeObject) =>
        seen.get(kind.plural)!.push(`${verb} ${obj.metadata.name}`);
      informer.addHandlers({
        add: record('add'),
        update: (_o, obj) => record('update')(obj),
        delete: record('delete'),
      });
      informer.start();
      return informer;
    });
    const saw = (plural: string, event: string) => seen.get(plural)!.includes(event);
    try {
      await Promise.all(informers.map((i) => i.waitForSync()));
      await run(['apply', '-f', '-'], WATCHED);
      await waitFor(
        'the first adds',
        () =>
          saw('pods', 'add echo-1') &&
          saw('services', 'add echo') &&
          saw('networkpolicies', 'add deny') &&
          seen.get('endpointslices')!.some((e) => e.startsWith('add echo-')),
        POLL,
      );

      await api.restart();
      await run(['label', 'svc', 'echo', '-n', 'watched', 'after=restart']);
      await run(['delete', 'networkpolicy', 'deny', '-n', 'watched']);
      await run(['delete', 'pod', 'echo-1', '-n', 'watched']);
      await run(['create', 'service', 'clusterip', 'later', '-n', 'watched', '--tcp=80:8080']);
      await waitFor(
        'the changes after the restart',
        () =>
          saw('services', 'update echo') &&
          saw('networkpolicies', 'delete deny') &&
          saw('pods', 'delete echo-1') &&
          saw('services', 'add later'),
        POLL,
      );
      // The controllers reconnected too: the endpointslice controller sees the Service change.
      await waitFor(
        'the slice follows the Service labels',
        async () => {
          const slices = (await list<EndpointSlice>(KINDS.endpointSlice, 'watched')).filter(
            (s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'echo',
          );
          return (
            slices.length === 1 &&
            slices[0]!.metadata.labels?.['after'] === 'restart' &&
            seen.get('endpointslices')!.some((e) => e.startsWith('update echo-'))
          );
        },
        POLL,
      );
      for (const [i, kind] of kinds.entries()) {
        const stored = (await list(kind, 'watched'))
          .map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)
          .sort();
        const cached = informers[i]!.list()
          .map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)
          .sort();
        assert.deepEqual(cached, stored, `the ${kind.plural} cache matches the server`);
      }
    } finally {
      await Promise.all(informers.map((i) => i.stop()));
      await kubectl(api, ['delete', 'namespace', 'watched', '--wait=false']);
      await waitFor('watched gone', () => gone(KINDS.namespace, undefined, 'watched'), POLL);
    }
  });
});

describe('the controller-manager process', () => {
  let api: TestApiServer;
  let client: HttpApiClient;
  before(async () => {
    api = await startTestApiServer();
    client = await connect(api.kubeconfig);
  });
  after(async () => {
    client?.close();
    await api?.close();
  });

  const MAIN = fileURLToPath(new URL('../../src/controller-manager/main.js', import.meta.url));
  const start = (...args: string[]) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, stderr: () => stderr };
  };

  test('refuses to start without --kubeconfig', async () => {
    const cm = start();
    assert.equal(await cm.exited, 2);
    assert.match(cm.stderr(), /--kubeconfig is required/);
  });

  test('assigns node subnets, logs each action, stops on SIGTERM, and keeps allocations across a restart', async () => {
    const cidrOf = async (name: string) =>
      (await client.get<Node>(KINDS.node, undefined, name)).spec?.podCIDR;
    const first = start(
      '--kubeconfig',
      api.kubeconfig,
      '--cluster-cidr',
      '10.200.0.0/16',
      '--node-cidr-mask-size',
      '20',
    );
    await client.create(KINDS.node, { metadata: { name: 'proc-1' } });
    assert.equal(await waitFor('proc-1 subnet', () => cidrOf('proc-1'), POLL), '10.200.0.0/20');
    await waitFor(
      'the log line',
      () => first.stderr().includes('node-ipam: assigned 10.200.0.0/20 to node proc-1'),
      POLL,
    );
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);

    const second = start(
      '--kubeconfig',
      api.kubeconfig,
      '--cluster-cidr',
      '10.200.0.0/16',
      '--node-cidr-mask-size',
      '20',
    );
    await client.create(KINDS.node, { metadata: { name: 'proc-2' } });
    assert.equal(
      await waitFor('proc-2 subnet', () => cidrOf('proc-2'), POLL),
      '10.200.16.0/20',
      'not the subnet proc-1 holds',
    );
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
    for (const name of ['proc-1', 'proc-2']) await client.delete(KINDS.node, undefined, name);
  });
});
