import { isNotFound } from '../kernel/errors.js';
import { processRunning, signalProcess, spawnInNetns, spawnPause } from '../kernel/process.js';
import type { Kernel } from '../kernel/types.js';
import type { CniRuntime } from './cni-runtime/runtime.js';
import { ts } from './node-object.js';
import type { SandboxState } from './pod-state.js';

/**
 * A pod sandbox, as the kubelet and the pause container make it: a network namespace held for the
 * pod's life, `lo` up, a pause process whose UTS namespace carries the pod's hostname, then CNI ADD
 * for eth0. Any failure undoes what was done (CNI DEL included: the spec wants a DEL after every ADD).
 */

export interface SandboxDeps {
  readonly kernel: Kernel;
  readonly cni: CniRuntime;
  /** Pod namespaces are `<prefix><12 hex of the uid>`; the lab's prefix is `fn-<lab>.<node>.`. */
  readonly netnsPrefix: string;
  readonly nodeIp: string;
  readonly now: () => Date;
}

export interface PodIdentity {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly hostNetwork: boolean;
}

/**
 * The pause process only has to hold the namespaces and die on a signal: coreutils' `sleep infinity`
 * does that for a few hundred KiB, where a Node.js pause would cost ~35 MiB per pod.
 */
export const PAUSE_ARGV = ['sleep', 'infinity'] as const;
export const PAUSE_PROGRAM = 'infinity';

export const sandboxNetns = (prefix: string, uid: string): string =>
  `${prefix}${uid.replace(/-/g, '').slice(0, 12)}`;

const cniArgs = (pod: PodIdentity) => ({
  K8S_POD_NAMESPACE: pod.namespace,
  K8S_POD_NAME: pod.name,
  K8S_POD_INFRA_CONTAINER_ID: pod.uid,
  K8S_POD_UID: pod.uid,
});

/** Pod hostnames are the pod name cut to 63 characters without a trailing dot or dash (kubelet rule). */
export const podHostname = (name: string): string => name.slice(0, 63).replace(/[-.]+$/, '');

export async function createSandbox(pod: PodIdentity, deps: SandboxDeps): Promise<SandboxState> {
  if (pod.hostNetwork) {
    const pause = spawnInNetns(null, PAUSE_ARGV, { detached: true });
    pause.unref();
    return base(pod, null, pause.pid!, deps.nodeIp, deps.now());
  }
  const netns = sandboxNetns(deps.netnsPrefix, pod.uid);
  const undo: (() => Promise<void>)[] = [];
  try {
    await deps.kernel.createNetns(netns);
    undo.push(() => deps.kernel.deleteNetns(netns));
    await deps.kernel.host(netns).apply([{ op: 'link.set', name: 'lo', change: { up: true } }]);
    const pause = spawnPause(netns, podHostname(pod.name), PAUSE_ARGV, { detached: true });
    pause.unref();
    undo.push(async () => void signalProcess(pause.pid!, 'SIGKILL'));
    const attachment = {
      containerId: pod.uid,
      netns: `/run/netns/${netns}`,
      ifName: 'eth0',
      args: cniArgs(pod),
    };
    undo.push(() => deps.cni.del(attachment));
    const result = await deps.cni.add(attachment);
    const ip = result.ips?.[0]?.address.split('/')[0];
    if (!ip) throw new Error('the CNI result has no IP address');
    return base(pod, netns, pause.pid!, ip, deps.now());
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw err;
  }
}

function base(
  pod: PodIdentity,
  netns: string | null,
  pausePid: number,
  podIp: string,
  now: Date,
): SandboxState {
  return {
    uid: pod.uid,
    namespace: pod.namespace,
    name: pod.name,
    netns,
    pausePid,
    pauseProgram: PAUSE_PROGRAM,
    podIp,
    createdAt: ts(now),
    containers: {},
  };
}

/** CNI DEL, then the pause process, then the namespace; each step tolerates what is already gone. */
export async function destroySandbox(sandbox: SandboxState, deps: SandboxDeps): Promise<void> {
  if (sandbox.netns !== null) {
    await deps.cni.del({
      containerId: sandbox.uid,
      netns: `/run/netns/${sandbox.netns}`,
      ifName: 'eth0',
      args: cniArgs({ ...sandbox, hostNetwork: false }),
    });
  }
  if (processRunning(sandbox.pausePid, sandbox.pauseProgram)) signalProcess(sandbox.pausePid, 'SIGKILL');
  if (sandbox.netns !== null) {
    await deps.kernel.deleteNetns(sandbox.netns).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
