import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTls, readTls, tlsFiles } from '../src/apiserver/tls.js';
import { startEtcd } from '../src/apiserver/storage/etcd/etcd-process.js';
import { freeLoopbackPort } from '../src/lab/daemons.js';
import { mapLimit, sleep } from '../src/lib/concurrency.js';
import { BenchClient } from './api-client.js';
import { percentile, table, timed } from './stats.js';

/**
 * `npm run bench:apiserver`: a 50-node cluster's API with 1,000 Services and 10,000 Pods (nodes are
 * registrations only), against etcd's own write throughput on this machine as the anchor.
 */

const PODS = Number(process.env['BENCH_PODS'] ?? 10_000);
const SERVICES = Number(process.env['BENCH_SERVICES'] ?? 1_000);
const WATCHERS = Number(process.env['BENCH_WATCHERS'] ?? 200);
const CONCURRENCY = 32;
const MAIN = fileURLToPath(new URL('../src/apiserver/main.js', import.meta.url));

const pod = (i: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${i}`, labels: { app: `a-${i % 100}`, tier: 'bench' } },
  spec: {
    nodeName: `node-${(i % 50) + 1}`,
    containers: [
      {
        name: 'netexec',
        image: 'registry.k8s.io/e2e-test-images/agnhost:2.47',
        args: ['netexec', '--http-port=8080'],
        ports: [{ containerPort: 8080 }],
      },
    ],
  },
});

const service = (i: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: `svc-${i}` },
  spec: { selector: { app: `a-${i % 100}` }, ports: [{ port: 80, targetPort: 8080 }] },
});

interface Server {
  child: ChildProcess;
  port: number;
}

async function startServer(dir: string, port: number, extra: string[], client: BenchClient): Promise<Server> {
  const args = [
    MAIN,
    '--tls-dir',
    join(dir, 'pki'),
    '--token-file',
    join(dir, 'token'),
    '--listen',
    `127.0.0.1:${port}`,
    '--advertise-address',
    '192.0.2.1',
    ...extra,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    const ok = await client.call('GET', '/readyz').then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { child, port };
    await sleep(50);
  }
  throw new Error('API server did not start');
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.on('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

const rss = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function createAll(
  client: BenchClient,
  path: string,
  count: number,
  make: (i: number) => unknown,
): Promise<number> {
  const [, ms] = await timed(() =>
    mapLimit(
      Array.from({ length: count }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        const r = await client.call('POST', path, make(i));
        if (r.status !== 201) throw new Error(`create ${path} #${i}: ${r.status} ${r.body.slice(0, 200)}`);
      },
    ),
  );
  return (count / ms) * 1000;
}

async function fanOut(client: BenchClient): Promise<number[]> {
  const list = JSON.parse((await client.call('GET', '/api/v1/namespaces/default/pods?limit=1')).body) as {
    metadata: { resourceVersion: string };
  };
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const closers = Array.from({ length: WATCHERS }, () =>
    client.watch(
      `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}&labelSelector=tier%3Dfanout`,
      (e) => {
        const t0 = sent.get(e.object.metadata.name);
        if (t0 !== undefined && e.type === 'ADDED') latencies.push(performance.now() - t0);
      },
    ),
  );
  await sleep(1500);
  for (let i = 0; i < 100; i++) {
    const obj = pod(PODS + i);
    obj.metadata.labels.tier = 'fanout';
    sent.set(obj.metadata.name, performance.now());
    await client.call('POST', '/api/v1/namespaces/default/pods', obj);
    await sleep(10);
  }
  for (let i = 0; i < 100 && latencies.length < WATCHERS * 100; i++) await sleep(100);
  closers.forEach((c) => c());
  return latencies;
}

async function etcdAnchor(count: number): Promise<number> {
  const etcd = await startEtcd();
  try {
    const value = Buffer.from(JSON.stringify(pod(1))).toString('base64');
    const [, ms] = await timed(() =>
      mapLimit(
        Array.from({ length: count }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          const key = Buffer.from(`/registry/pods/default/pod-${i}`).toString('base64');
          const res = await fetch(`${etcd.endpoint}/v3/kv/put`, {
            method: 'POST',
            body: JSON.stringify({ key, value }),
          });
          if (!res.ok) throw new Error(`etcd put: ${res.status}`);
          await res.arrayBuffer();
        },
      ),
    );
    return (count / ms) * 1000;
  } finally {
    await etcd.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flatnet-bench-api-'));
  try {
    await ensureTls(join(dir, 'pki'), ['127.0.0.1']);
    const { ca } = await readTls(tlsFiles(join(dir, 'pki')));
    const token = randomBytes(16).toString('hex');
    writeFileSync(join(dir, 'token'), token);
    const port = await freeLoopbackPort();
    const client = new BenchClient(port, token, ca);
    let server = await startServer(dir, port, ['--data-dir', join(dir, 'data')], client);
    await createAll(client, '/api/v1/nodes', 50, (i) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${i + 1}` },
    }));
    const svcRate = await createAll(client, '/api/v1/namespaces/default/services', SERVICES, service);
    const podRate = await createAll(client, '/api/v1/namespaces/default/pods', PODS, pod);
    const listAll = await repeat(5, () => client.call('GET', '/api/v1/pods'));
    const listSelected = await repeat(5, () =>
      client.call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Da-7'),
    );
    const fan = await fanOut(client);
    const memory = rss(server.child.pid!);
    await stopServer(server);
    const [restarted, restartMs] = await timed(async () => {
      const s = await startServer(dir, port, ['--data-dir', join(dir, 'data')], client);
      await client.call('GET', '/api/v1/pods?limit=1');
      return s;
    });
    server = restarted;
    await stopServer(server);
    const etcdRate = await etcdAnchor(PODS);
    client.close();
    console.log(
      `flatnet API server (embedded storage): 50 nodes, ${SERVICES} Services, ${PODS} Pods, ${CONCURRENCY} requests in flight`,
    );
    console.log(
      table([
        ['measure', 'value'],
        ['Service creates', `${svcRate.toFixed(0)} /s`],
        ['Pod creates', `${podRate.toFixed(0)} /s`],
        [`anchor: etcd 3.4 puts of the same pod JSON (gateway)`, `${etcdRate.toFixed(0)} /s`],
        ['Pod creates / etcd puts', `${(podRate / etcdRate).toFixed(2)}x`],
        [`list all ${PODS + 100} pods p50`, `${percentile(listAll, 50).toFixed(0)} ms`],
        ['list by label (100 pods) p50', `${percentile(listSelected, 50).toFixed(0)} ms`],
        [`watch fan-out to ${WATCHERS} watchers p50`, `${percentile(fan, 50).toFixed(1)} ms`],
        [`watch fan-out to ${WATCHERS} watchers p99`, `${percentile(fan, 99).toFixed(1)} ms`],
        ['watch events delivered', `${fan.length}/${WATCHERS * 100}`],
        ['server RSS with that data', `${memory.toFixed(0)} MiB`],
        ['restart to first list', `${restartMs.toFixed(0)} ms`],
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function repeat(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await timed(fn))[1]);
  return times;
}

await main();
