import type { ContainerState, SandboxState, Termination } from './pod-state.js';
import { ts } from './node-object.js';

/**
 * Pure: the pod status the kubelet reports, from the pod spec and what runs on the node.
 * Phase follows Kubernetes: Pending until the sandbox and every container started; Running while
 * any container runs (or restarts); Succeeded/Failed once all containers terminated for good.
 */

export interface PodSpecLite {
  readonly restartPolicy?: string;
  readonly containers: readonly { name: string; image?: string }[];
}

interface Inputs {
  readonly spec: PodSpecLite;
  readonly sandbox: SandboxState | undefined;
  readonly hostIp: string;
  /** A reason the sandbox is not there yet (network not ready, CNI error). */
  readonly sandboxProblem?: string;
  readonly now: Date;
  readonly startTime?: string;
}

export function podPhase(spec: PodSpecLite, sandbox: SandboxState | undefined): string {
  if (!sandbox?.podIp) return 'Pending';
  const states = spec.containers.map((c) => sandbox.containers[c.name]);
  if (states.some((s) => s === undefined)) return 'Pending';
  const all = states as ContainerState[];
  if (all.some((s) => s.phase === 'running')) return 'Running';
  const policy = spec.restartPolicy ?? 'Always';
  const finished = all.every((s) => s.phase === 'terminated' || (s.phase === 'waiting' && s.terminated));
  if (policy !== 'Always' && finished) {
    const codes = all.map((s) => s.terminated?.exitCode ?? 1);
    if (codes.every((c) => c === 0)) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
  }
  return all.some((s) => s.startedAt || s.terminated) ? 'Running' : 'Pending';
}

const termination = (t: Termination) => ({
  exitCode: t.exitCode,
  reason: t.reason,
  ...(t.message ? { message: t.message } : {}),
  ...(t.startedAt ? { startedAt: t.startedAt } : {}),
  finishedAt: t.finishedAt,
});

function containerStatus(
  name: string,
  image: string,
  s: ContainerState | undefined,
  sandboxProblem?: string,
) {
  const base = {
    name,
    image,
    imageID: '',
    ready: s?.ready ?? false,
    restartCount: s?.restartCount ?? 0,
    started: s?.phase === 'running',
  };
  if (!s) {
    return {
      ...base,
      state: {
        waiting: { reason: 'ContainerCreating', ...(sandboxProblem ? { message: sandboxProblem } : {}) },
      },
    };
  }
  const state =
    s.phase === 'running'
      ? { running: { startedAt: s.startedAt } }
      : s.phase === 'terminated' && s.terminated
        ? { terminated: termination(s.terminated) }
        : {
            waiting: {
              reason: s.reason ?? 'ContainerCreating',
              ...(s.message ? { message: s.message } : {}),
            },
          };
  return {
    ...base,
    ...(s.pid ? { containerID: `flatnet://${s.pid}` } : {}),
    state,
    lastState: s.lastTerminated ? { terminated: termination(s.lastTerminated) } : {},
  };
}

export function computePodStatus(input: Inputs): Record<string, unknown> {
  const { spec, sandbox, now } = input;
  const phase = podPhase(spec, sandbox);
  const statuses = spec.containers.map((c) =>
    containerStatus(c.name, c.image ?? '', sandbox?.containers[c.name], input.sandboxProblem),
  );
  const ready = phase === 'Running' && statuses.every((s) => s.ready);
  const cond = (type: string, ok: boolean, reason?: string) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: ts(now),
    ...(ok || !reason ? {} : { reason }),
  });
  const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
  return {
    phase,
    conditions: [
      cond('PodReadyToStartContainers', Boolean(sandbox?.podIp)),
      cond('Initialized', true),
      {
        ...cond('Ready', ready, 'ContainersNotReady'),
        ...(ready ? {} : { message: `containers with unready status: [${notReady.join(' ')}]` }),
      },
      {
        ...cond('ContainersReady', ready, 'ContainersNotReady'),
        ...(ready ? {} : { message: `containers with unready status: [${notReady.join(' ')}]` }),
      },
      cond('PodScheduled', true),
    ],
    hostIP: input.hostIp,
    hostIPs: [{ ip: input.hostIp }],
    ...(sandbox?.podIp ? { podIP: sandbox.podIp, podIPs: [{ ip: sandbox.podIp }] } : {}),
    ...(input.startTime ? { startTime: input.startTime } : {}),
    containerStatuses: statuses,
    qosClass: 'BestEffort',
  };
}
