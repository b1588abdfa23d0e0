import assert from 'node:assert/strict';
import type { Node } from '../../client/objects.js';
import type { Lab } from '../../kernel/conformance/harness.js';
import type { HostKernel, KernelOp } from '../../kernel/types.js';
import { cidrInside } from '../addressing.js';
import type { Backend, ExternalInterface, PeerEntries } from '../backends/backend.js';
import { findExternalInterface } from '../external-interface.js';
import type { SyncPlan } from '../plan.js';
import { reconcile } from '../reconcile.js';
import { CLUSTER_CIDR, labNode, nodeIp, podCidr } from '../testing.js';

/** One backend under test: how to build it and, literally, what node i needs in a peer's kernel. */
export interface BackendCase {
  readonly name: string;
  readonly make: () => Backend;
  readonly podMtu: number;
  readonly entriesFor: (i: number) => PeerEntries;
}

export interface AgentHost {
  readonly host: HostKernel;
  readonly backend: Backend;
  readonly ext: ExternalInterface;
  /** One reconcile of node-1 with these other nodes; asserts no op failed. */
  sync(peers: readonly Node[]): Promise<SyncPlan>;
}

/**
 * node-1: a namespace whose eth0 holds 172.30.0.11/24 (a veth whose far end stays in the namespace,
 * up, so eth0 has a carrier: some kernels have no dummy driver).
 */
export async function nodeHost(lab: Lab, backend: Backend): Promise<AgentHost> {
  const { host } = await lab.netns('n1');
  await host.apply([
    { op: 'link.set', name: 'lo', change: { up: true } },
    { op: 'link.add', link: { kind: 'veth', name: 'eth0', peer: { name: 'wire' }, mtu: 1500 } },
    { op: 'link.set', name: 'wire', change: { up: true } },
    { op: 'addr.add', address: { dev: 'eth0', cidr: `${nodeIp(1)}/24` } },
    { op: 'link.set', name: 'eth0', change: { up: true } },
  ]);
  return agentOn(host, await findExternalInterface(host, nodeIp(1)), backend);
}

/** node-1's agent with `backend` on that host (another backend = the node process restarted with it). */
export function agentOn(host: HostKernel, ext: ExternalInterface, backend: Backend): AgentHost {
  const local = labNode(1, backend);
  const sync = async (peers: readonly Node[]): Promise<SyncPlan> => {
    const input = { localNode: 'node-1', localSubnet: podCidr(1), clusterCidr: CLUSTER_CIDR, backend, ext };
    const { plan, failed } = await reconcile(host, { ...input, nodes: [local, ...peers] });
    assert.equal(failed, 0, 'every op applied');
    return plan;
  };
  return { host, backend, ext, sync };
}

/** The agent-owned state of the kernel, in the shape of PeerEntries (sorted). */
export async function agentState(a: AgentHost): Promise<PeerEntries> {
  const devices = a.backend.network(a.ext, podCidr(1)).devices;
  const routes = (await a.host.listRoutes())
    .filter((r) => r.protocol !== 'kernel' && r.dst !== 'default' && cidrInside(CLUSTER_CIDR, r.dst))
    .map(({ dst, via, dev, onlink }) => ({ dst, via, dev, ...(onlink ? { onlink } : {}) }));
  const neighbours = [];
  const fdb = [];
  for (const dev of devices) {
    neighbours.push(...(await a.host.listNeighbours(dev)));
    fdb.push(...(await a.host.listFdb(dev)));
  }
  return { routes: sorted(routes), neighbours: sorted(neighbours), fdb: sorted(fdb) };
}

/** What the case says nodes `is` need, as the kernel reports it (permanent entries). */
export function expected(c: BackendCase, is: readonly number[]): PeerEntries {
  const all = is.map(c.entriesFor);
  return {
    routes: sorted(all.flatMap((e) => e.routes)),
    neighbours: sorted(all.flatMap((e) => e.neighbours.map((n) => ({ ...n, state: 'permanent' as const })))),
    fdb: sorted(all.flatMap((e) => e.fdb.map((f) => ({ ...f, permanent: true })))),
  };
}

export function sorted<T>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Whether an op concerns node i (its subnet, gateway, public IP or VTEP MAC). */
export function touches(op: KernelOp, i: number): boolean {
  const text = JSON.stringify(op);
  const gateway = podCidr(i).split('/')[0]!;
  const mac = `0a:58:0a:f4:${(i - 1).toString(16).padStart(2, '0')}:00`;
  return [`"${podCidr(i)}"`, `"${gateway}"`, `"${nodeIp(i)}"`, `"${mac}"`].some((t) => text.includes(t));
}

/** The op kinds in order, e.g. ['neigh.replace', 'fdb.replace', 'route.replace']. */
export const kinds = (ops: readonly KernelOp[]): string[] => ops.map((o) => o.op);
