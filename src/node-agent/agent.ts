import type { ApiClient } from '../client/api-client.js';
import { Informer } from '../client/informer.js';
import { KINDS } from '../client/kinds.js';
import type { Node } from '../client/objects.js';
import type { HostKernel, KernelOp } from '../kernel/types.js';
import { errorMessage } from '../lib/errors.js';
import type { Backend, ExternalInterface } from './backends/backend.js';
import type { Problem } from './desired.js';
import { ProblemReporter, type EventSink } from './events.js';
import { annotationPatch, leaseAnnotations, podCidrOf } from './lease.js';
import { DEFAULT_CLUSTER_CIDR } from './names.js';
import { reconcile } from './reconcile.js';

/**
 * The node agent (flannel's flanneld in kube-subnet-mgr mode, level-triggered): watches every Node,
 * and on any relevant change and on a short period reads this node's kernel, plans one batch
 * (plan.ts), applies it, keeps the sysctls and the SNAT table in place, and publishes this node's
 * lease annotations. It never flushes anything at start or stop: what already matches is left alone.
 */

export interface NodeAgentConfig {
  readonly nodeName: string;
  readonly clusterCidr?: string;
  /** The level-triggered resync period: repairs entries removed behind the agent's back. */
  readonly resyncMs?: number;
}

export interface NodeAgentDeps {
  readonly client: ApiClient;
  /** This node's kernel: `kernel.host(null)` in the node process. */
  readonly host: HostKernel;
  readonly backend: Backend;
  readonly ext: ExternalInterface;
  readonly events?: EventSink;
  readonly log: (line: string) => void;
}

export interface SyncResult {
  readonly synced: boolean;
  readonly ops: readonly KernelOp[];
  readonly failed: number;
  readonly programmed: readonly string[];
  readonly problems: readonly Problem[];
}

export const DEFAULT_RESYNC_MS = 3000;
const WAITING: SyncResult = { synced: false, ops: [], failed: 0, programmed: [], problems: [] };

export class NodeAgent {
  private readonly nodes: Informer<Node>;
  private readonly reporter: ProblemReporter;
  private readonly clusterCidr: string;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private running = false;
  private lastNote = '';
  /** The local Node's resourceVersion our last publish was computed from (the cache lags our write). */
  private publishedFrom: string | undefined;

  constructor(
    private readonly config: NodeAgentConfig,
    private readonly deps: NodeAgentDeps,
  ) {
    this.clusterCidr = config.clusterCidr ?? DEFAULT_CLUSTER_CIDR;
    this.nodes = new Informer<Node>(deps.client, KINDS.node, { log: this.log });
    this.reporter = new ProblemReporter(deps.events, this.log);
  }

  /** The pod MTU of the backend on this node's underlay (the kubelet writes it into the CNI config). */
  get mtu(): number {
    return this.deps.backend.mtu(this.deps.ext);
  }

  start(): void {
    this.running = true;
    const kick = (): void => this.kick();
    this.nodes.addHandlers({ add: kick, update: (old, node) => relevant(old, node) && kick(), delete: kick });
    this.nodes.start();
    this.timer = setInterval(kick, this.config.resyncMs ?? DEFAULT_RESYNC_MS);
    this.log(
      `started: backend ${this.deps.backend.type} on ${this.deps.ext.name} (${this.deps.ext.ip}), pod MTU ${this.mtu}`,
    );
  }

  /** Stops watching; the kernel keeps everything (a restart must not disturb traffic). */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.nodes.stop();
    await this.inFlight;
  }

  /** Resolves once the informer has listed the Nodes. */
  waitForSync(): Promise<void> {
    return this.nodes.waitForSync();
  }

  /** A sync now, or exactly one more after the one in flight. */
  kick(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = (async () => {
      do {
        this.again = false;
        await this.syncOnce().catch((err: unknown) => this.note(`sync failed: ${errorMessage(err)}`));
      } while (this.again && this.running);
    })().finally(() => (this.inFlight = undefined));
  }

  /** One level-triggered pass. Exposed for tests; `kick` serialises the calls in production. */
  async syncOnce(): Promise<SyncResult> {
    const local = this.nodes.hasSynced ? this.nodes.get(this.config.nodeName) : undefined;
    const subnet = local && podCidrOf(local);
    if (!local || !subnet) {
      this.note(`waiting for node ${this.config.nodeName} to be registered with a podCIDR`);
      return WAITING;
    }
    const { host, backend, ext } = this.deps;
    const input = {
      localNode: this.config.nodeName,
      localSubnet: subnet,
      clusterCidr: this.clusterCidr,
      backend,
      ext,
      nodes: this.nodes.list(),
    };
    const { plan, failed } = await reconcile(host, input, this.log);
    await this.publish(local, plan.backendData);
    this.reporter.report(plan.problems, (name) => this.nodes.get(name), this.config.nodeName);
    this.note(
      `synced: ${plan.programmed.length} remote nodes programmed (${plan.programmed.join(', ') || 'none'})`,
    );
    return { synced: true, ops: plan.ops, failed, programmed: plan.programmed, problems: plan.problems };
  }

  private async publish(local: Node, backendData: unknown): Promise<void> {
    const wanted = leaseAnnotations(this.deps.backend.type, this.deps.ext.ip, backendData);
    const patch = annotationPatch(local, wanted);
    if (!patch || local.metadata.resourceVersion === this.publishedFrom) return;
    await this.deps.client.patch(KINDS.node, undefined, this.config.nodeName, patch);
    this.publishedFrom = local.metadata.resourceVersion;
    this.log(`published lease: ${JSON.stringify(wanted)}`);
  }

  /** Log lines that would repeat every resync are written when they change only. */
  private note(line: string): void {
    if (line === this.lastNote) return;
    this.lastNote = line;
    this.log(line);
  }

  private readonly log = (line: string): void => this.deps.log(`node-agent: ${line}`);
}

/** Status heartbeats change nothing the agent reads: only the podCIDR and the annotations matter. */
function relevant(old: Node, node: Node): boolean {
  return (
    podCidrOf(old) !== podCidrOf(node) ||
    JSON.stringify(old.metadata.annotations ?? {}) !== JSON.stringify(node.metadata.annotations ?? {})
  );
}
