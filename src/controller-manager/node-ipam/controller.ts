import { isNotFound } from '../../client/errors.js';
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
  const nodes = deps.informers.for<Node>(KINDS.node);
  const cidrs = new CidrSet(config.clusterCidr, config.nodeCidrMaskSize);
  const waiting = new Set<string>();
  const log = (line: string): void => deps.log(`node-ipam: ${line}`);

  const occupy = (name: string, cidr: string): void => {
    const other = cidrs.occupy(cidr, name);
    if (other === 'outside')
      log(
        `node ${name} has podCIDR ${cidr} outside ${config.clusterCidr}/${config.nodeCidrMaskSize}; left alone`,
      );
    else if (other) log(`node ${name} has podCIDR ${cidr}, already allocated to node ${other}`);
  };

  const prepare = (): void => {
    for (const node of nodes.list()) {
      const cidr = podCidrOf(node);
      if (cidr) occupy(node.metadata.name!, cidr);
    }
    log(`${cidrs.used} of ${cidrs.capacity} node subnets in use`);
  };

  const reportExhausted = async (node: Node): Promise<void> => {
    const name = node.metadata.name!;
    if (waiting.has(name)) return;
    waiting.add(name);
    deps.events.event(
      node,
      'Normal',
      CIDR_NOT_AVAILABLE,
      `Node ${name} status is now: ${CIDR_NOT_AVAILABLE}`,
    );
    const condition: Condition = {
      type: 'NetworkUnavailable',
      status: 'True',
      reason: CIDR_NOT_AVAILABLE,
      message: `no free /${config.nodeCidrMaskSize} left in ${config.clusterCidr}`,
    };
    const conditions = setCondition(node.status?.conditions, condition, deps.now?.() ?? new Date());
    await deps.client.updateStatus(KINDS.node, { ...node, status: { ...node.status, conditions } });
  };

  /** Our NetworkUnavailable condition goes once the node has a subnet (the network agent owns it then). */
  const clearExhausted = async (node: Node): Promise<void> => {
    const conditions = node.status?.conditions ?? [];
    if (!conditions.some((c) => c.type === 'NetworkUnavailable' && c.reason === CIDR_NOT_AVAILABLE)) return;
    const kept = conditions.filter((c) => c.reason !== CIDR_NOT_AVAILABLE);
    await deps.client.updateStatus(KINDS.node, { ...node, status: { ...node.status, conditions: kept } });
  };

  const release = (name: string): void => {
    const freed = cidrs.releaseOwner(name);
    if (freed.length === 0) return;
    log(`released ${freed.join(', ')} of deleted node ${name}`);
    waiting.forEach((w) => controller.enqueue(w));
  };

  const reconcile = async (name: string): Promise<void> => {
    const node = nodes.get(name);
    if (!node) return release(name);
    const existing = podCidrOf(node);
    if (existing) {
      waiting.delete(name);
      if (cidrs.cidrOf(name) !== existing) cidrs.releaseOwner(name);
      occupy(name, existing);
      return clearExhausted(node);
    }
    if (node.metadata.deletionTimestamp) return;
    const cidr = cidrs.allocate(name);
    if (!cidr) {
      await reportExhausted(node);
      controller.queue.addAfter(name, RETRY_EXHAUSTED_MS);
      return;
    }
    try {
      await deps.client.patch(KINDS.node, undefined, name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    } catch (err) {
      if (isNotFound(err)) return release(name);
      throw err;
    }
    waiting.delete(name);
    log(`assigned ${cidr} to node ${name}`);
  };

  const controller = new Controller('node-ipam', reconcile, deps.log, {
    workers: 1,
    prepare,
    resyncMs: 60_000,
    keys: () => nodes.list().map((n) => n.metadata.name!),
  });
  nodes.addHandlers({
    add: (n) => controller.enqueue(n.metadata.name),
    update: (_old, n) => controller.enqueue(n.metadata.name),
    delete: (n) => controller.enqueue(n.metadata.name),
  });
  return controller;
}
