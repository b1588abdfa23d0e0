import { isNotFound } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import { KINDS } from '../../client/kinds.js';
import type { Condition, Node } from '../../client/objects.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerDeps } from '../runtime/deps.js';
import { setCondition } from '../runtime/conditions.js';
import { CidrSet } from './cidr-set.js';

/**
 * Node IPAM (kube-controller-manager's nodeipam range allocator): every Node gets a distinct
 * `spec.podCIDR`/`spec.podCIDRs` from the cluster CIDR. The allocation lives in memory and is
 * rebuilt from the nodes' own podCIDRs before the first reconcile, so a restart never hands out a
 * subnet twice. A deleted node's subnet is freed. When the range is exhausted the node gets a
 * `CIDRNotAvailable` event (as RecordNodeStatusChange records it) and a NetworkUnavailable
 * condition, and waits until a subnet is freed.
 */

export interface NodeIpamConfig {
  readonly clusterCidr: string;
  readonly nodeCidrMaskSize: number;
}

export const CIDR_NOT_AVAILABLE = 'CIDRNotAvailable';
const RETRY_EXHAUSTED_MS = 30_000;

export const podCidrOf = (node: Node): string | undefined => node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR;

export function nodeIpamController(deps: ControllerDeps, config: NodeIpamConfig): Controller {
  return new NodeIpamController(deps, config).controller;
}

class NodeIpamController {
  readonly controller: Controller;
  private readonly nodes: Informer<Node>;
  private readonly cidrs: CidrSet;
  /** Nodes told that the range is exhausted: they are retried when a subnet is freed. */
  private readonly waiting = new Set<string>();

  constructor(
    private readonly deps: ControllerDeps,
    private readonly config: NodeIpamConfig,
  ) {
    this.nodes = deps.informers.for<Node>(KINDS.node);
    this.cidrs = new CidrSet(config.clusterCidr, config.nodeCidrMaskSize);
    this.controller = new Controller('node-ipam', (name) => this.reconcile(name), deps.log, {
      workers: 1,
      prepare: () => this.occupyExisting(),
      resyncMs: 60_000,
      keys: () => this.nodes.list().map((n) => n.metadata.name!),
    });
    const enqueue = (n: Node) => this.controller.enqueue(n.metadata.name);
    this.nodes.addHandlers({ add: enqueue, update: (_old, n) => enqueue(n), delete: enqueue });
  }

  /** Before any decision: every subnet nodes already have is taken (restart safety). */
  private occupyExisting(): void {
    for (const node of this.nodes.list()) {
      const cidr = podCidrOf(node);
      if (cidr) this.occupy(node.metadata.name!, cidr);
    }
    this.log(`${this.cidrs.used} of ${this.cidrs.capacity} node subnets in use`);
  }

  private async reconcile(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) return this.release(name);
    const existing = podCidrOf(node);
    if (existing) {
      this.waiting.delete(name);
      if (this.cidrs.cidrOf(name) !== existing) this.cidrs.releaseOwner(name);
      this.occupy(name, existing);
      return this.clearExhausted(node);
    }
    if (node.metadata.deletionTimestamp) return;
    const cidr = this.cidrs.allocate(name);
    if (!cidr) {
      await this.reportExhausted(node);
      this.controller.queue.addAfter(name, RETRY_EXHAUSTED_MS);
      return;
    }
    try {
      await this.deps.client.patch(KINDS.node, undefined, name, {
        spec: { podCIDR: cidr, podCIDRs: [cidr] },
      });
    } catch (err) {
      if (isNotFound(err)) return this.release(name);
      throw err;
    }
    this.waiting.delete(name);
    this.log(`assigned ${cidr} to node ${name}`);
  }

  private occupy(name: string, cidr: string): void {
    const other = this.cidrs.occupy(cidr, name);
    const range = `${this.config.clusterCidr}/${this.config.nodeCidrMaskSize}`;
    if (other === 'outside') this.log(`node ${name} has podCIDR ${cidr} outside ${range}; left alone`);
    else if (other) this.log(`node ${name} has podCIDR ${cidr}, already allocated to node ${other}`);
  }

  private release(name: string): void {
    const freed = this.cidrs.releaseOwner(name);
    if (freed.length === 0) return;
    this.log(`released ${freed.join(', ')} of deleted node ${name}`);
    this.waiting.forEach((w) => this.controller.enqueue(w));
  }

  private async reportExhausted(node: Node): Promise<void> {
    const name = node.metadata.name!;
    if (this.waiting.has(name)) return;
    this.waiting.add(name);
    this.deps.events.event(
      node,
      'Normal',
      CIDR_NOT_AVAILABLE,
      `Node ${name} status is now: ${CIDR_NOT_AVAILABLE}`,
    );
    const { clusterCidr, nodeCidrMaskSize } = this.config;
    const condition: Condition = {
      type: 'NetworkUnavailable',
      status: 'True',
      reason: CIDR_NOT_AVAILABLE,
      message: `no free /${nodeCidrMaskSize} left in ${clusterCidr}`,
    };
    const conditions = setCondition(node.status?.conditions, condition, this.deps.now?.() ?? new Date());
    await this.deps.client.updateStatus(KINDS.node, { ...node, status: { ...node.status, conditions } });
  }

  /** Our NetworkUnavailable condition goes once the node has a subnet (the network agent owns it then). */
  private async clearExhausted(node: Node): Promise<void> {
    const conditions = node.status?.conditions ?? [];
    if (!conditions.some((c) => c.type === 'NetworkUnavailable' && c.reason === CIDR_NOT_AVAILABLE)) return;
    const kept = conditions.filter((c) => c.reason !== CIDR_NOT_AVAILABLE);
    await this.deps.client.updateStatus(KINDS.node, {
      ...node,
      status: { ...node.status, conditions: kept },
    });
  }

  private log(line: string): void {
    this.deps.log(`node-ipam: ${line}`);
  }
}
