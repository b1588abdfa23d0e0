import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { makeLabConfig } from '../../../src/lab/config.js';
import { labUp } from '../../../src/lab/lifecycle.js';
import { labDir, type LabState } from '../../../src/lab/state.js';
import type { CniPlugins } from '../../../src/kubelet/cni-config.js';
import { kernel, uniqueLabName } from './lab-fixture.js';

/** A lab with its whole cluster (API server, controllers, node processes) and kubectl pointed at it. */
export interface TestCluster {
  readonly state: LabState;
  readonly name: string;
  kubectl(args: readonly string[], input?: string): Promise<string>;
  /** Runs a command inside a lab host (node-1, external, ...) and returns stdout. */
  host(hostName: string, argv: readonly string[]): Promise<string>;
}

export async function startCluster(
  tag: string,
  nodes: number,
  cniPlugins: CniPlugins = 'flatnet',
): Promise<TestCluster> {
  const name = uniqueLabName(tag);
  const state = await labUp(makeLabConfig({ name, nodes }), { kernel }, { cniPlugins });
  const kubeconfig = state.controlPlane!.kubeconfig;
  const cache = join(labDir(name), 'kube-cache');
  return {
    state,
    name,
    kubectl: (args, input) =>
      run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cache, ...args], input),
    host: async (hostName, argv) => {
      const host = state.hosts.find((h) => h.name === hostName)!;
      return (await kernel.host(host.netns).exec(argv, { timeoutMs: 20_000 })).stdout;
    },
  };
}

function run(cmd: string, args: readonly string[], input?: string): Promise<string> {
  const child = spawn(cmd, args);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${err || out}`)),
    );
  });
}

export interface PodView {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: {
      name: string;
      ready: boolean;
      state: Record<string, { reason?: string; message?: string }>;
      lastState?: Record<string, { reason?: string; message?: string }>;
    }[];
  };
}

export async function pods(cluster: TestCluster, selector: string): Promise<PodView[]> {
  return (
    JSON.parse(await cluster.kubectl(['get', 'pods', '-l', selector, '-o', 'json'])) as { items: PodView[] }
  ).items;
}

const isReady = (p: PodView): boolean =>
  p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Polls until `count` pods match the selector and all are Running and Ready. */
export async function waitReady(
  cluster: TestCluster,
  selector: string,
  count: number,
  timeoutMs = 90_000,
): Promise<PodView[]> {
  let last: PodView[] = [];
  for (
    const deadline = Date.now() + timeoutMs;
    Date.now() < deadline;
    await new Promise((r) => setTimeout(r, 300))
  ) {
    last = await pods(cluster, selector);
    if (
      last.length === count &&
      last.every((p) => p.status.phase === 'Running' && isReady(p) && !p.metadata.deletionTimestamp)
    )
      return last;
  }
  throw new Error(
    `pods ${selector} not ready: ${JSON.stringify(last.map((p) => [p.metadata.name, p.status.phase, p.status.containerStatuses?.[0]?.state]))}`,
  );
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  for (
    const deadline = Date.now() + timeoutMs;
    Date.now() < deadline;
    await new Promise((r) => setTimeout(r, 300))
  ) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const NETEXEC = 'registry.k8s.io/e2e-test-images/agnhost:2.47';
