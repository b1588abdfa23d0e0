import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/client/http-client.js';
import { KINDS } from '../src/client/kinds.js';
import type { ApiClient } from '../src/client/api-client.js';
import type { KubeObject } from '../src/client/types.js';
import { RealKernel, spawnInNetns } from '../src/kernel/index.js';
import { sandboxNetns } from '../src/kubelet/sandbox.js';
import { makeLabConfig } from '../src/lab/config.js';
import { startDaemon, stopPids } from '../src/lab/daemons.js';
import { labDown, labUp } from '../src/lab/lifecycle.js';
import type { LabState } from '../src/lab/state.js';
import type { BackendType } from '../src/node-agent/backends/backend.js';
import { sleep } from '../src/lib/concurrency.js';
import { table } from './stats.js';

/**
 * `npm run bench:net`: iperf3 (Debian) TCP and UDP throughput node-to-node over the underlay (the
 * anchor, measured in the same run), pod-to-pod on one node, and pod-to-pod across nodes with each
 * backend, as ratios to the anchor; then convergence: a node (re)joins -> every other node has its route.
 */

const kernel = new RealKernel();
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);

interface Result {
  tcp: number;
  udp: number;
}

async function iperf(
  clientNetns: string,
  serverNetns: string,
  ip: string,
  udpPayload: number,
): Promise<Result> {
  const run = async (extra: string[]): Promise<Record<string, unknown>> => {
    const server = spawnInNetns(serverNetns, ['iperf3', '-s', '-1', '-B', ip]);
    await sleep(300);
    try {
      const { stdout } = await kernel
        .host(clientNetns)
        .exec(['iperf3', '-c', ip, '-t', String(SECONDS), '-J', ...extra], { timeoutMs: 60_000 });
      return JSON.parse(stdout) as Record<string, unknown>;
    } finally {
      server.kill('SIGKILL');
    }
  };
  const tcp = (await run([])) as { end: { sum_received: { bits_per_second: number } } };
  const udp = (await run(['-u', '-b', '3G', '-l', String(udpPayload)])) as {
    end: { sum: { bits_per_second: number; lost_percent: number } };
  };
  return {
    tcp: tcp.end.sum_received.bits_per_second / 1e9,
    udp: (udp.end.sum.bits_per_second * (1 - udp.end.sum.lost_percent / 100)) / 1e9,
  };
}

async function pinnedPod(
  client: ApiClient,
  name: string,
  node: string,
  command: string[],
): Promise<KubeObject> {
  await client.create(KINDS.pod, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox', command }] },
  } as unknown as KubeObject);
  for (let i = 0; i < 300; i++) {
    const pod = await client.get(KINDS.pod, 'default', name);
    if (
      (pod['status'] as { phase?: string; podIP?: string }).podIP &&
      (pod['status'] as { phase?: string }).phase === 'Running'
    )
      return pod;
    await sleep(100);
  }
  throw new Error(`pod ${name} did not start`);
}

const host = (state: LabState, name: string) => state.hosts.find((h) => h.name === name)!;
const podIp = (pod: KubeObject): string => (pod['status'] as { podIP: string }).podIP;
const podNetns = (state: LabState, pod: KubeObject): string =>
  sandboxNetns(`${host(state, (pod['spec'] as { nodeName: string }).nodeName).netns}.`, pod.metadata.uid!);

async function throughput(backend: BackendType): Promise<Record<string, Result>> {
  const name = `bench-net-${backend === 'vxlan' ? 'vx' : 'hg'}`;
  const state = await labUp(makeLabConfig({ name, nodes: 3 }), { kernel }, { backend });
  try {
    const client = await connect(state.controlPlane!.kubeconfig);
    const server1 = await pinnedPod(client, 'srv-1', 'node-1', ['sleep', '3600']);
    const server2 = await pinnedPod(client, 'srv-2', 'node-2', ['sleep', '3600']);
    const caller = await pinnedPod(client, 'cli-1', 'node-1', ['sleep', '3600']);
    const podMtu = backend === 'vxlan' ? 1450 : 1500;
    return {
      underlay: await iperf(
        host(state, 'node-1').netns,
        host(state, 'node-2').netns,
        host(state, 'node-2').ip!,
        1472,
      ),
      sameNode: await iperf(podNetns(state, caller), podNetns(state, server1), podIp(server1), podMtu - 28),
      crossNode: await iperf(podNetns(state, caller), podNetns(state, server2), podIp(server2), podMtu - 28),
    };
  } finally {
    await labDown(name, { kernel });
  }
}

/** The last node leaves (process stopped, Node deleted), then its process starts again: ms until every other node routes its podCIDR. */
async function convergence(nodes: number): Promise<number> {
  const name = `bench-conv-${nodes}`;
  const state = await labUp(makeLabConfig({ name, nodes }), { kernel }, { backend: 'vxlan' });
  try {
    const client = await connect(state.controlPlane!.kubeconfig);
    const last = `node-${nodes}`;
    const daemon = state.daemons!.find((d) => d.name === `node:${last}`)!;
    const argv = readFileSync(`/proc/${daemon.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    await stopPids([daemon.pid]);
    await client.delete(KINDS.node, undefined, last);
    const others = state.hosts.filter((h) => h.role === 'node' && h.name !== last);
    const routed = async (cidr: string) =>
      (await Promise.all(others.map((h) => kernel.host(h.netns).listRoutes()))).every((routes) =>
        routes.some((r) => r.dst === cidr),
      );
    await sleep(4000); // the other agents remove the departed node's routes
    const start = performance.now();
    const fresh = startDaemon(daemon.name, daemon.netns, argv, daemon.log, daemon.program);
    let cidr: string | undefined;
    for (let i = 0; i < 1200; i++) {
      cidr ??= await client
        .get(KINDS.node, undefined, last)
        .then((n) => (n['spec'] as { podCIDR?: string }).podCIDR)
        .catch(() => undefined);
      if (cidr && (await routed(cidr))) break;
      await sleep(25);
    }
    const ms = performance.now() - start;
    await stopPids([fresh.pid]);
    return ms;
  } finally {
    await labDown(name, { kernel });
  }
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'flatnet-bench-net-'));
  process.env['FLATNET_HOME'] = home;
  try {
    const vxlan = await throughput('vxlan');
    const hostGw = await throughput('host-gw');
    const base = vxlan.underlay;
    const row = (label: string, r: Result, b: Result) => [
      label,
      `${r.tcp.toFixed(2)} Gbit/s`,
      (r.tcp / b.tcp).toFixed(2),
      `${r.udp.toFixed(2)} Gbit/s`,
      (r.udp / b.udp).toFixed(2),
    ];
    console.log(
      `iperf3, ${SECONDS} s per run, node-1 -> node-2 unless noted; UDP payload = MTU - 28; ratios to the node-to-node anchor of the same lab`,
    );
    console.log(
      table([
        ['path', 'TCP', 'ratio', 'UDP received', 'ratio'],
        row('(a) node to node, underlay (anchor, vxlan lab)', base, base),
        row('(b) pod to pod, same node', vxlan.sameNode, base),
        row('(c) pod to pod, cross node, host-gw', hostGw.crossNode, hostGw.underlay),
        row('(d) pod to pod, cross node, vxlan', vxlan.crossNode, base),
        row('(a) node to node, underlay (host-gw lab)', hostGw.underlay, hostGw.underlay),
      ]),
    );
    const sizes = (process.env['BENCH_CONVERGENCE'] ?? '3,10').split(',').map(Number);
    const rows = [['nodes', 'node joins -> all others route its podCIDR']];
    for (const n of sizes) rows.push([String(n), `${(await convergence(n)).toFixed(0)} ms`]);
    console.log(
      'Convergence (vxlan): a node process starts, registers, gets a podCIDR, publishes its VTEP; until every other node has the route',
    );
    console.log(table(rows));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
