import type { ApiClient } from '../client/api-client.js';
import { isNotFound } from '../client/errors.js';
import { KINDS } from '../client/kinds.js';
import type { KubeObject } from '../client/types.js';
import type { ContainerRunner } from './containers.js';
import { type ContainerSpec } from './containers.js';
import type { PodStateStore, SandboxState } from './pod-state.js';
import { computePodStatus } from './pod-status.js';
import type { ReadinessProber } from './probes.js';
import { type NamedPort, type Probe } from './probes.js';
import { createSandbox, destroySandbox, type SandboxDeps } from './sandbox.js';

/**
 * One pass of the kubelet over one pod (level-triggered: it only compares what the API wants with
 * what runs, so any number of passes converge): delete gracefully, or make the sandbox, start or
 * restart containers, probe readiness, and post the status when it changed.
 */

type PodSpec = {
  containers: (ContainerSpec & { readinessProbe?: Probe; ports?: NamedPort[] })[];
  restartPolicy?: string;
  hostNetwork?: boolean;
  nodeName?: string;
};

export interface SyncDeps {
  readonly client: ApiClient;
  readonly states: PodStateStore;
  readonly runner: ContainerRunner;
  readonly prober: ReadinessProber;
  readonly sandbox: SandboxDeps;
  /** Why pods cannot get a network yet (no podCIDR), or undefined when they can. */
  readonly networkProblem: () => string | undefined;
  readonly log: (line: string) => void;
}

export class PodSync {
  private readonly sandboxes = new Map<string, SandboxState>();
  private readonly posted = new Map<string, string>();
  private readonly problems = new Map<string, string>();
  /** Failed sandbox creations back off (1 s doubling to 30 s) instead of retrying on every resync. */
  private readonly retryAt = new Map<string, { at: number; failures: number }>();

  constructor(private readonly deps: SyncDeps) {}

  adopt(state: SandboxState): void {
    this.sandboxes.set(state.uid, state);
    for (const c of Object.values(state.containers))
      if (c.phase === 'running') this.deps.runner.adopt(state, c);
  }

  knownUids(): string[] {
    return [...this.sandboxes.keys()];
  }

  sandboxOf(uid: string): SandboxState | undefined {
    return this.sandboxes.get(uid);
  }

  /** `pod` undefined: the pod is gone from the API (force-deleted); tear down what is left. */
  async sync(uid: string, pod: KubeObject | undefined): Promise<void> {
    const sandbox = this.sandboxes.get(uid);
    if (!pod || pod.metadata.deletionTimestamp) return this.terminate(uid, pod, sandbox);
    const spec = pod['spec'] as PodSpec;
    const ready = await this.ensureSandbox(uid, pod, spec, sandbox);
    if (ready) await this.ensureContainers(ready, pod, spec);
    await this.postStatus(pod, spec, this.sandboxes.get(uid));
  }

  private async ensureSandbox(
    uid: string,
    pod: KubeObject,
    spec: PodSpec,
    existing?: SandboxState,
  ): Promise<SandboxState | undefined> {
    if (existing) return existing;
    const problem = spec.hostNetwork ? undefined : this.deps.networkProblem();
    if (problem) {
      this.problems.set(uid, problem);
      return undefined;
    }
    const retry = this.retryAt.get(uid);
    if (retry && retry.at > this.deps.sandbox.now().getTime()) return undefined;
    try {
      const identity = {
        uid,
        namespace: pod.metadata.namespace!,
        name: pod.metadata.name!,
        hostNetwork: Boolean(spec.hostNetwork),
      };
      const sandbox = await createSandbox(identity, this.deps.sandbox);
      this.sandboxes.set(uid, sandbox);
      this.problems.delete(uid);
      this.retryAt.delete(uid);
      await this.deps.states.save(sandbox);
      this.deps.log(`sandbox for ${identity.namespace}/${identity.name}: ${sandbox.podIp}`);
      return sandbox;
    } catch (err) {
      const message = `failed to create pod sandbox: ${(err as Error).message}`;
      if (this.problems.get(uid) !== message)
        this.deps.log(`${pod.metadata.namespace}/${pod.metadata.name}: ${message}`);
      this.problems.set(uid, message);
      const failures = (retry?.failures ?? 0) + 1;
      this.retryAt.set(uid, {
        at: this.deps.sandbox.now().getTime() + Math.min(1000 * 2 ** (failures - 1), 30_000),
        failures,
      });
      return undefined;
    }
  }

  private async ensureContainers(sandbox: SandboxState, pod: KubeObject, spec: PodSpec): Promise<void> {
    const fields = {
      'metadata.name': pod.metadata.name!,
      'metadata.namespace': pod.metadata.namespace!,
      'metadata.uid': pod.metadata.uid!,
      'spec.nodeName': spec.nodeName ?? '',
      'status.podIP': sandbox.podIp ?? '',
      'status.hostIP': this.deps.sandbox.nodeIp,
    };
    const now = this.deps.sandbox.now().getTime();
    let changed = false;
    for (const container of spec.containers) {
      const state = sandbox.containers[container.name];
      if (this.deps.runner.shouldStart(state, spec.restartPolicy ?? 'Always')) {
        if (state?.terminated) this.deps.runner.prepareRestart(state);
        this.deps.runner.start(sandbox, container, fields);
        changed = true;
      }
      const current = sandbox.containers[container.name]!;
      const running = current.phase === 'running';
      const startedAt = current.startedAt ? Date.parse(current.startedAt) : now;
      const key = `${sandbox.uid}/${container.name}`;
      const ready =
        running &&
        (await this.deps.prober.ready(
          key,
          container.readinessProbe,
          startedAt,
          sandbox.podIp!,
          container.ports ?? [],
          now,
        ));
      if (current.ready !== ready) {
        current.ready = ready;
        changed = true;
      }
    }
    if (changed) await this.deps.states.save(sandbox);
  }

  private async postStatus(pod: KubeObject, spec: PodSpec, sandbox: SandboxState | undefined): Promise<void> {
    const now = this.deps.sandbox.now();
    const policy = spec.restartPolicy ?? 'Always';
    const shown = sandbox && {
      ...sandbox,
      containers: Object.fromEntries(
        Object.entries(sandbox.containers).map(([name, c]) => [name, this.deps.runner.shown(c, policy)]),
      ),
    };
    const problem = this.problems.get(pod.metadata.uid!);
    const status = computePodStatus({
      spec,
      sandbox: shown,
      hostIp: this.deps.sandbox.nodeIp,
      now,
      ...(problem ? { sandboxProblem: problem } : {}),
      startTime: sandbox?.createdAt ?? (pod['status'] as { startTime?: string } | undefined)?.startTime ?? '',
    });
    const fingerprint = JSON.stringify(status, (k, v) => (k === 'lastTransitionTime' ? undefined : v));
    if (this.posted.get(pod.metadata.uid!) === fingerprint) return;
    const old = (pod['status'] ?? {}) as {
      conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    };
    keepTransitionTimes(status, old.conditions ?? []);
    try {
      await this.deps.client.patch(
        KINDS.pod,
        pod.metadata.namespace,
        pod.metadata.name!,
        { status },
        { subresource: 'status' },
      );
      this.posted.set(pod.metadata.uid!, fingerprint);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async terminate(
    uid: string,
    pod: KubeObject | undefined,
    sandbox: SandboxState | undefined,
  ): Promise<void> {
    if (sandbox) {
      const grace =
        (pod?.metadata as { deletionGracePeriodSeconds?: number } | undefined)?.deletionGracePeriodSeconds ??
        0;
      await this.deps.runner.stopAll(sandbox, grace);
      await destroySandbox(sandbox, this.deps.sandbox);
      await this.deps.states.remove(uid);
      this.sandboxes.delete(uid);
      this.deps.prober.forget(`${uid}/`);
      this.deps.log(`pod ${sandbox.namespace}/${sandbox.name} stopped and its sandbox removed`);
    }
    this.posted.delete(uid);
    this.problems.delete(uid);
    this.retryAt.delete(uid);
    if (pod) {
      // The final delete: the pod is gone from the node, so the API may remove it (kubelet's gracePeriod=0).
      await this.deps.client
        .delete(KINDS.pod, pod.metadata.namespace, pod.metadata.name!, {
          gracePeriodSeconds: 0,
          preconditions: { uid },
        })
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
    }
  }
}

/** A condition keeps its lastTransitionTime while its status does not change (Kubernetes semantics). */
function keepTransitionTimes(
  status: Record<string, unknown>,
  old: { type: string; status: string; lastTransitionTime?: string }[],
): void {
  for (const c of status['conditions'] as { type: string; status: string; lastTransitionTime: string }[]) {
    const before = old.find((o) => o.type === c.type);
    if (before && before.status === c.status && before.lastTransitionTime)
      c.lastTransitionTime = before.lastTransitionTime;
  }
}
