import { closeSync, openSync, readFileSync } from 'node:fs';
import { processAlive, processRunning, signalProcess, spawnInSandbox } from '../kernel/process.js';
import { sleep } from '../lib/concurrency.js';
import { resolveImage } from '../workloads/images.js';
import { ts } from './node-object.js';
import type { ContainerState, PodStateStore, SandboxState, Termination } from './pod-state.js';

/**
 * Runs a pod's containers as processes inside its sandbox and keeps their state: exits become
 * `terminated` with Kubernetes' reasons, the restart policy restarts them with back-off
 * (CrashLoopBackOff), and processes started by an earlier kubelet are adopted and watched.
 */

export interface ContainerSpec {
  readonly name: string;
  readonly image?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly workingDir?: string;
  readonly env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
}

export interface RunnerDeps {
  readonly states: PodStateStore;
  readonly now: () => Date;
  /** Called whenever a container's state changed, so the kubelet syncs the pod. */
  readonly changed: (uid: string) => void;
  readonly log: (line: string) => void;
}

/** Kubernetes doubles from 10 s to 5 min; the lab starts at 1 s so crash loops show up quickly. */
const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 300_000;
/** nsenter's "command not found" / "permission denied" exit codes. */
const START_FAILURES = new Set([126, 127]);

export class ContainerRunner {
  private readonly watched = new Set<string>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Starts (or restarts) one container; a bad image becomes a waiting reason, not an exception. */
  start(sandbox: SandboxState, spec: ContainerSpec, fields: Record<string, string>): void {
    const state = (sandbox.containers[spec.name] ??= {
      name: spec.name,
      phase: 'waiting',
      restartCount: 0,
      ready: false,
    });
    const resolved = resolveImage(spec.image ?? '', spec.command, spec.args);
    if ('code' in resolved) {
      Object.assign(state, { phase: 'waiting', reason: resolved.code, message: resolved.message });
      return;
    }
    const logFd = openSync(this.deps.states.logPath(sandbox.uid, spec.name), 'a');
    try {
      const child = spawnInSandbox({ netns: sandbox.netns, pausePid: sandbox.pausePid }, resolved.argv, {
        stdio: ['ignore', logFd, logFd],
        env: containerEnv(spec, fields),
        cwd: spec.workingDir ?? '/',
        detached: true,
      });
      child.unref();
      Object.assign(state, {
        phase: 'running',
        pid: child.pid,
        program: resolved.argv[0],
        startedAt: ts(this.deps.now()),
      });
      delete state.reason;
      delete state.message;
      delete state.terminated;
      child.on('exit', (code, signal) =>
        this.exited(sandbox, state, code ?? (signal ? 128 + signalNumber(signal) : 1)),
      );
    } finally {
      closeSync(logFd);
    }
  }

  /** Watches a container left running by an earlier kubelet; its exit code is unknown to us. */
  adopt(sandbox: SandboxState, state: ContainerState): void {
    const key = `${sandbox.uid}/${state.name}`;
    if (this.watched.has(key) || state.pid === undefined) return;
    this.watched.add(key);
    const poll = setInterval(() => {
      if (state.pid !== undefined && processRunning(state.pid, state.program)) return;
      clearInterval(poll);
      this.watched.delete(key);
      if (state.phase === 'running')
        this.exited(sandbox, state, 255, 'the process exited while watched by pid only (kubelet restarted)');
    }, 1000);
    poll.unref();
  }

  isRunning(state: ContainerState): boolean {
    return state.phase === 'running' && state.pid !== undefined && processRunning(state.pid, state.program);
  }

  /** Whether the restart policy and back-off allow starting this container now. */
  shouldStart(state: ContainerState | undefined, restartPolicy: string): boolean {
    if (!state || (state.phase === 'waiting' && !state.terminated)) return true;
    if (state.phase === 'running') return false;
    const exit = state.terminated?.exitCode ?? 0;
    if (restartPolicy === 'Never' || (restartPolicy === 'OnFailure' && exit === 0)) return false;
    return (state.backoffUntil ?? 0) <= this.deps.now().getTime();
  }

  /** SIGTERM every container, wait up to the grace period, then SIGKILL (the kubelet's kill sequence). */
  async stopAll(sandbox: SandboxState, graceSeconds: number): Promise<void> {
    const pids = Object.values(sandbox.containers)
      .filter((c) => c.phase === 'running' && c.pid !== undefined && processRunning(c.pid, c.program))
      .map((c) => c.pid!);
    pids.forEach((pid) => signalProcess(pid, 'SIGTERM'));
    for (const deadline = Date.now() + graceSeconds * 1000; Date.now() < deadline && pids.some(processAlive);)
      await sleep(50);
    pids.filter(processAlive).forEach((pid) => signalProcess(pid, 'SIGKILL'));
  }

  private exited(sandbox: SandboxState, state: ContainerState, exitCode: number, note?: string): void {
    const failedStart = START_FAILURES.has(exitCode);
    const terminated: Termination = {
      exitCode: failedStart ? 128 : exitCode,
      reason: failedStart ? 'StartError' : exitCode === 0 ? 'Completed' : 'Error',
      ...(failedStart || note
        ? { message: note ?? lastLine(this.deps.states.logPath(sandbox.uid, state.name)) }
        : {}),
      ...(state.startedAt ? { startedAt: state.startedAt } : {}),
      finishedAt: ts(this.deps.now()),
    };
    const backoff = Math.min(BACKOFF_START_MS * 2 ** state.restartCount, BACKOFF_MAX_MS);
    Object.assign(state, {
      phase: 'terminated',
      terminated,
      ready: false,
      backoffUntil: this.deps.now().getTime() + backoff,
    });
    delete state.pid;
    this.deps.log(
      `container ${sandbox.namespace}/${sandbox.name}/${state.name} exited: ${terminated.reason} (${terminated.exitCode})`,
    );
    this.deps.changed(sandbox.uid);
  }

  /** Moves a terminated container to a restart: its termination becomes lastState, restarts count up. */
  prepareRestart(state: ContainerState): void {
    if (state.terminated) state.lastTerminated = state.terminated;
    state.restartCount++;
  }

  /**
   * What the API shows: a terminated container that will be restarted waits out its back-off as
   * CrashLoopBackOff, with the termination in lastState (as Kubernetes shows it).
   */
  shown(state: ContainerState, restartPolicy: string): ContainerState {
    const exit = state.terminated?.exitCode ?? 0;
    const restarts = restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && exit !== 0);
    if (state.phase !== 'terminated' || !restarts) return state;
    // The back-off period, not the time left, so the status does not change every second.
    const finished = state.terminated ? Date.parse(state.terminated.finishedAt) : 0;
    const seconds = Math.max(1, Math.round(((state.backoffUntil ?? finished) - finished) / 1000));
    const { terminated, ...rest } = state;
    return {
      ...rest,
      phase: 'waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${seconds}s restarting failed container=${state.name}`,
      ...(terminated ? { lastTerminated: terminated } : {}),
    };
  }
}

function lastLine(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').at(-1) ?? '';
  } catch {
    return '';
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGKILL: 9, SIGTERM: 15, SIGINT: 2, SIGSEGV: 11, SIGABRT: 6 }[signal as string] ?? 15;
}

/** A container sees its spec's env (with the common downward-API fields) and the service env a pod gets. */
function containerEnv(spec: ContainerSpec, fields: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: fields['metadata.name'] ?? '',
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
  };
  for (const e of spec.env ?? []) {
    const path = e.valueFrom?.fieldRef?.fieldPath;
    env[e.name] = path !== undefined ? (fields[path] ?? '') : (e.value ?? '');
  }
  return env;
}
