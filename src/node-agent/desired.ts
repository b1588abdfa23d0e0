import type { Node } from '../client/objects.js';
import { cidrsOverlap, parseCidr } from '../lib/ipv4.js';
import {
  isRefused,
  type BackendType,
  type Lease,
  type Network,
  type PeerEntries,
} from './backends/backend.js';
import { readLease, type LeaseProblem } from './lease.js';
import { REASON_INVALID_LEASE } from './names.js';

/**
 * What this node's kernel should hold for the other nodes: pure, from the Node objects and the
 * bound Network. A node that cannot be programmed (no annotations yet, garbage, another backend,
 * a subnet clash, a peer the backend refuses) becomes a problem and its podCIDR is "protected":
 * entries already programmed for it are neither changed nor removed, so one bad update never cuts
 * a working node off (flannel likewise skips a lease it cannot decode and keeps going).
 */

export interface Problem extends LeaseProblem {
  /** The event goes to this node's Node ('local') or to the node the problem is about ('peer'). */
  readonly about: 'peer' | 'local';
}

export interface Desired {
  readonly entries: PeerEntries;
  readonly problems: readonly Problem[];
  /** podCIDRs of existing nodes that are not programmed this time: leave their entries alone. */
  readonly protectedSubnets: readonly string[];
  /** Nodes whose entries are planned, by name. */
  readonly programmed: readonly string[];
}

export interface DesiredInput {
  readonly localNode: string;
  readonly localSubnet: string;
  readonly clusterCidr: string;
  readonly backendType: BackendType;
  readonly network: Network;
  readonly nodes: readonly Node[];
}

export function desiredState(input: DesiredInput): Desired {
  const entries: PeerEntries[] = [];
  const problems: Problem[] = [];
  const protectedSubnets: string[] = [];
  const programmed: string[] = [];
  const claimed = [input.localSubnet];
  const remote = input.nodes
    .filter((n) => n.metadata.name !== input.localNode)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const node of remote) {
    const read = readLease(node, input.clusterCidr);
    if ('noSubnet' in read) continue;
    if ('problem' in read) {
      problems.push({ ...read.problem, about: 'peer' });
      if (read.subnet) protectedSubnets.push(read.subnet);
      continue;
    }
    const problem = leaseProblem(read.lease, input, claimed) ?? planPeer(read.lease, input.network, entries);
    if (problem) {
      problems.push(problem);
      protectedSubnets.push(read.lease.subnet);
      continue;
    }
    claimed.push(read.lease.subnet);
    programmed.push(read.lease.node);
  }
  return { entries: mergeEntries(entries), problems, protectedSubnets, programmed };
}

function leaseProblem(lease: Lease, input: DesiredInput, claimed: readonly string[]): Problem | undefined {
  const problem = (message: string): Problem => ({
    node: lease.node,
    reason: REASON_INVALID_LEASE,
    message: `node ${lease.node}: ${message}`,
    about: 'peer',
  });
  // flannel's handleSubnetEvents: "ignoring non-vxlan subnet".
  if (lease.backendType !== input.backendType)
    return problem(
      `uses backend ${JSON.stringify(lease.backendType)}, this cluster runs ${input.backendType}`,
    );
  const clash = claimed.find((c) => cidrsOverlap(parseCidr(c), parseCidr(lease.subnet)));
  if (clash) return problem(`podCIDR ${lease.subnet} overlaps ${clash}, which is already routed`);
  return undefined;
}

function planPeer(lease: Lease, network: Network, into: PeerEntries[]): Problem | undefined {
  const plan = network.peer(lease);
  if (isRefused(plan)) return { node: lease.node, ...plan.refused };
  into.push(plan.entries);
  return undefined;
}

function mergeEntries(all: readonly PeerEntries[]): PeerEntries {
  return {
    neighbours: all.flatMap((e) => e.neighbours),
    fdb: all.flatMap((e) => e.fdb),
    routes: all.flatMap((e) => e.routes),
  };
}
