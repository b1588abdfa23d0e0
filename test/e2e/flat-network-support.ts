import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostKernel } from '../../src/kernel/types.js';
import { sandboxNetns } from '../../src/kubelet/sandbox.js';
import { makeLabConfig } from '../../src/lab/config.js';
import { startDaemon, stopPids, type DaemonRecord } from '../../src/lab/daemons.js';
import { labUp } from '../../src/lab/lifecycle.js';
import { labDir, readState, writeState, type LabState } from '../../src/lab/state.js';
import type { BackendType } from '../../src/node-agent/backends/backend.js';
import type { PodView, TestCluster } from './support/cluster.js';
import { kernel, uniqueLabName } from './support/lab-fixture.js';

/**
 * Helpers for the flat-network suite: a lab with a chosen backend (support/cluster.ts's
 * startCluster, plus the backend option), node and pod kernels, and the node daemons to stop and
 * restart exactly as `flatnet up` started them.
 */

export interface BackendCluster extends TestCluster {
  readonly backend: BackendType;
  /** The kernel of a lab host (node-1, external, ...). */
  kernelOf(hostName: string): HostKernel;
  /** The kernel of a pod's sandbox namespace. */
  podKernel(pod: PodView): HostKernel;
  podNetns(pod: PodView): string;
  nodeIp(hostName: string): string;
}

export async function startBackendCluster(tag: string, backend: BackendType): Promise<BackendCluster> {
  const name = uniqueLabName(tag);
  const state = await labUpWith(name, backend);
  const kubeconfig = state.controlPlane!.kubeconfig;
  const cache = join(labDir(name), 'kube-cache');
  const host = (hostName: string) => state.hosts.find((h) => h.name === hostName)!;
  const podNetns = (pod: PodView) => sandboxNetns(`${host(pod.spec.nodeName!).netns}.`, pod.metadata.uid);
  return {
    state,
    name,
    backend,
    kubectl: (args, input) =>
      run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cache, ...args], input),
    host: async (hostName, argv) =>
      (await kernel.host(host(hostName).netns).exec(argv, { timeoutMs: 30_000 })).stdout,
    kernelOf: (hostName) => kernel.host(host(hostName).netns),
    podKernel: (pod) => kernel.host(podNetns(pod)),
    podNetns,
    nodeIp: (hostName) => host(hostName).ip!,
  };
}

async function labUpWith(name: string, backend: BackendType): Promise<LabState> {
  return labUp(makeLabConfig({ name, nodes: 3 }), { kernel }, { backend });
}

/** The recorded daemon `node:<name>` of a lab. */
export async function nodeDaemon(lab: string, node: string): Promise<DaemonRecord> {
  const state = await readState(lab);
  const daemon = state?.daemons?.find((d) => d.name === `node:${node}`);
  if (!daemon) throw new Error(`no daemon node:${node} in lab ${lab}`);
  return daemon;
}

/** Stops a node process (SIGTERM, as an operator or systemd would). Returns its argv for a restart. */
export async function stopNode(lab: string, node: string): Promise<readonly string[]> {
  const daemon = await nodeDaemon(lab, node);
  const argv = readFileSync(`/proc/${daemon.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  await stopPids([daemon.pid]);
  return argv;
}

/** Starts a node process again with the same argv, namespace and log, and records it in the state. */
export async function restartNode(lab: string, node: string): Promise<DaemonRecord> {
  const old = await nodeDaemon(lab, node);
  const argv = await stopNode(lab, node);
  const fresh = startDaemon(old.name, old.netns, argv, old.log, old.program);
  const state = (await readState(lab))!;
  const daemons = (state.daemons ?? []).map((d) => (d.name === old.name ? fresh : d));
  await writeState({ ...state, daemons } as LabState);
  return fresh;
}

/** Lines of a daemon's log written after `offset` bytes. */
export function logSince(daemon: DaemonRecord, offset: number): string {
  return readFileSync(daemon.log, 'utf8').slice(offset);
}

export function run(cmd: string, args: readonly string[], input?: string): Promise<string> {
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

/** A netexec DaemonSet: one pod per node. */
export const NETEXEC_DAEMONSET = (image: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: netexec}
spec:
  selector: {matchLabels: {app: netexec}}
  template:
    metadata: {labels: {app: netexec}}
    spec:
      containers:
      - name: netexec
        image: ${image}
        args: [netexec, --http-port=8080, --udp-port=8081]
        readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
`;
