import type { AddressInfo, FdbSpec, KernelOp, LinkInfo, NeighSpec, RouteSpec } from '../../kernel/types.js';

/**
 * The backend contract, flannel's `pkg/backend/common.go` made pure: a `Backend` is built once per
 * process (explicitly, from the registry; no `init()` registration), knows the pod MTU before any
 * lease exists, and binds to this node's lease as a `Network`. A `Network` never touches the
 * kernel: it says which device it needs, what it publishes on the Node, and which entries one
 * remote node needs. The agent diffs that against the kernel and applies it in one batch.
 */

export type BackendType = 'host-gw' | 'vxlan';

/** flannel's backend.ExternalInterface: the underlay interface that carries the node's public IP. */
export interface ExternalInterface {
  readonly name: string;
  readonly ip: string;
  /** Its connected subnet ("172.30.0.0/24"): peers inside it are on the same L2 segment. */
  readonly subnet: string;
  readonly mtu: number;
}

/** flannel's subnet.Lease in Kubernetes mode: a Node's podCIDR plus the attributes it published. */
export interface Lease {
  readonly node: string;
  readonly subnet: string;
  readonly publicIp: string;
  readonly backendType: string;
  /** The parsed `backend-data` annotation (null when the backend publishes none). */
  readonly backendData: unknown;
}

/** The kernel entries one remote node needs; installed neighbours, then FDB, then routes. */
export interface PeerEntries {
  readonly neighbours: readonly NeighSpec[];
  readonly fdb: readonly FdbSpec[];
  readonly routes: readonly RouteSpec[];
}

/** A remote node the network cannot or will not program, with an event reason for the operator. */
export interface Refusal {
  readonly reason: string;
  readonly message: string;
  /** Who the problem is about: the remote node (bad lease) or this node (its network cannot reach it). */
  readonly about: 'peer' | 'local';
}

export type PeerPlan = { readonly entries: PeerEntries } | { readonly refused: Refusal };

/** The part of the kernel a network's device plan reads. */
export interface HostView {
  readonly links: readonly LinkInfo[];
  readonly addresses: readonly AddressInfo[];
}

export interface DevicePlan {
  readonly ops: readonly KernelOp[];
  /** Devices that `ops` delete or recreate: every neighbour, FDB entry and route on them goes too. */
  readonly reset: readonly string[];
}

/** flannel's backend.Network, bound to this node's lease. Pure. */
export interface Network {
  /** Pod MTU: the underlay's minus encapsulation. */
  readonly mtu: number;
  /** Devices whose neighbour and FDB entries belong to the network (entries not planned are stale). */
  readonly devices: readonly string[];
  device(view: HostView): DevicePlan;
  /** What this node publishes as `backend-data` once the device plan ran (view: before it ran). */
  backendData(view: HostView): unknown;
  peer(lease: Lease): PeerPlan;
}

export interface Backend {
  readonly type: BackendType;
  /** flannel's Network.MTU(), known before the lease so the kubelet can write the CNI config. */
  mtu(ext: ExternalInterface): number;
  /** flannel's RegisterNetwork for the node whose podCIDR is `subnet`. */
  network(ext: ExternalInterface, subnet: string): Network;
}

export const isRefused = (plan: PeerPlan): plan is { readonly refused: Refusal } => 'refused' in plan;
