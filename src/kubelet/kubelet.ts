import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiClient } from '../client/api-client.js';
import { Informer } from '../client/informer.js';
import { KINDS } from '../client/kinds.js';
import type { KubeObject } from '../client/types.js';
import type { Kernel } from '../kernel/types.js';
import { processRunning } from '../kernel/process.js';
import { CniRuntime } from './cni-runtime/runtime.js';
import { CONFLIST_FILE, nodeConflist, type CniPlugins } from './cni-config.js';
import { ContainerRunner } from './containers.js';
import { NodeRegistration } from './node-registration.js';
import { PodStateStore } from './pod-state.js';
import { PodSync } from './pod-sync.js';
import { ReadinessProber } from './probes.js';

/**
 * The node's kubelet: watches the pods bound to this node and the Node itself, writes the CNI
 * network from the node's podCIDR, and runs one level-triggered sync per pod (serialised per pod,
 * re-run on every change and on a short resync period). Pods found on disk at start are re-adopted.
 */

export interface KubeletConfig {
  readonly nodeName: string;
  readonly nodeIp: string;
  readonly osImage: string;
  /** State, logs and CNI files of this node (lab nodes share one filesystem, so one root each). */
  readonly root: string;
  /** Where the plugins are: our installed shims first, then Debian's reference plugins. */
  readonly cniBinDirs: readonly string[];
  readonly netnsPrefix: string;
  readonly mtu: number;
  readonly cniPlugins?: CniPlugins;
  readonly resyncMs?: number;
}

export interface KubeletDeps {
  readonly client: ApiClient;
  readonly kernel: Kernel;
  readonly now?: () => Date;
  readonly log: (line: string) => void;
}

export class Kubelet {
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  private readonly sync: PodSync;
  private readonly registration: NodeRegistration;
  private readonly queue = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private podCidr: string | undefined;
  private resync: NodeJS.Timeout | undefined;
  private readonly states: PodStateStore;
  private readonly cni: CniRuntime;

  constructor(
    private readonly config: KubeletConfig,
    private readonly deps: KubeletDeps,
  ) {
    const now = deps.now ?? (() => new Date());
    this.states = new PodStateStore(config.root);
    const cni = new CniRuntime({
      confDir: this.confDir,
      binDirs: config.cniBinDirs,
      cacheDir: join(config.root, 'cni', 'cache'),
    });
    this.cni = cni;
    const runner = new ContainerRunner({
      states: this.states,
      now,
      changed: (uid) => this.enqueue(uid),
      log: deps.log,
    });
    this.sync = new PodSync({
      client: deps.client,
      states: this.states,
      runner,
      prober: new ReadinessProber(),
      sandbox: { kernel: deps.kernel, cni, netnsPrefix: config.netnsPrefix, nodeIp: config.nodeIp, now },
      networkProblem: () => (this.podCidr ? undefined : 'network is not ready: the node has no podCIDR yet'),
      log: deps.log,
    });
    this.pods = new Informer(deps.client, KINDS.pod, {
      fieldSelector: `spec.nodeName=${config.nodeName}`,
      log: deps.log,
    });
    this.nodes = new Informer(deps.client, KINDS.node, {
      fieldSelector: `metadata.name=${config.nodeName}`,
      log: deps.log,
    });
    const id = { name: config.nodeName, internalIp: config.nodeIp, osImage: config.osImage };
    this.registration = new NodeRegistration(deps.client, id, () => this.readiness(), now, deps.log);
  }

  private get confDir(): string {
    return join(this.config.root, 'cni', 'net.d');
  }

  async start(): Promise<void> {
    for (const state of await this.states.loadAll()) {
      if (processRunning(state.pausePid, state.pauseProgram)) this.sync.adopt(state);
      else
        this.deps.log(
          `sandbox of ${state.namespace}/${state.name} lost its pause process; it will be rebuilt`,
        );
    }
    await this.collectGarbage();
    await this.registration.start();
    this.nodes.addHandlers({
      add: (n) => void this.nodeChanged(n),
      update: (_o, n) => void this.nodeChanged(n),
    });
    const onPod = (pod: KubeObject): void => this.enqueue(pod.metadata.uid!);
    this.pods.addHandlers({ add: onPod, update: (_o, p) => onPod(p), delete: onPod });
    this.nodes.start();
    this.pods.start();
    this.resync = setInterval(() => this.resyncAll(), this.config.resyncMs ?? 1000);
  }

  /**
   * CNI GC with every attachment this node still runs (the re-adopted pods): releases what a crash
   * leaked (IPs, veths). Runs before any new pod starts, so the list is complete. No network yet
   * (first start) means nothing to collect.
   */
  private async collectGarbage(): Promise<void> {
    const valid = this.sync.knownUids().filter((uid) => this.sync.sandboxOf(uid)?.netns !== null);
    await this.cni
      .gc(valid.map((containerId) => ({ containerId, ifName: 'eth0' })))
      .catch((err: unknown) => this.deps.log(`CNI GC skipped: ${(err as Error).message}`));
  }

  async stop(): Promise<void> {
    clearInterval(this.resync);
    this.registration.stop();
    await Promise.all([this.pods.stop(), this.nodes.stop()]);
    await Promise.all(this.queue.values());
  }

  private readiness(): { ok: boolean; message: string } {
    return this.podCidr
      ? { ok: true, message: 'kubelet is posting ready status' }
      : { ok: false, message: 'container runtime network not ready: no podCIDR assigned to the node yet' };
  }

  private async nodeChanged(node: KubeObject): Promise<void> {
    const cidr = (node['spec'] as { podCIDR?: string } | undefined)?.podCIDR;
    if (!cidr || cidr === this.podCidr) return;
    const conflist = nodeConflist({
      podCidr: cidr,
      mtu: this.config.mtu,
      ipamDataDir: join(this.config.root, 'cni', 'networks'),
      ...(this.config.cniPlugins ? { plugins: this.config.cniPlugins } : {}),
    });
    await mkdir(this.confDir, { recursive: true });
    await writeFile(join(this.confDir, CONFLIST_FILE), JSON.stringify(conflist, null, 2));
    this.podCidr = cidr;
    this.deps.log(`node ${this.config.nodeName} has podCIDR ${cidr}; CNI network written`);
    await this.registration.heartbeat().catch(() => undefined);
    this.resyncAll();
  }

  private resyncAll(): void {
    const uids = new Set([...this.sync.knownUids(), ...this.pods.list().map((p) => p.metadata.uid!)]);
    for (const uid of uids) this.enqueue(uid);
  }

  /** One sync at a time per pod; a change during a sync schedules exactly one more. */
  private enqueue(uid: string): void {
    if (this.queue.has(uid)) {
      this.dirty.add(uid);
      return;
    }
    const run = (async () => {
      do {
        this.dirty.delete(uid);
        const pod = this.pods.list().find((p) => p.metadata.uid === uid);
        await this.sync
          .sync(uid, pod)
          .catch((err: unknown) => this.deps.log(`sync ${uid}: ${(err as Error).message}`));
      } while (this.dirty.has(uid));
    })().finally(() => this.queue.delete(uid));
    this.queue.set(uid, run);
  }
}
