/**
 * The kernel contract: everything flatnet reads or changes in the kernel goes through these
 * interfaces. Two implementations: `real/` (iproute2, nft, sysctl via argv arrays) and
 * `fake/` (in memory, with a canonical dump). One conformance suite runs against both.
 *
 * Conventions:
 * - All addresses are IPv4 strings; interface addresses and route destinations are CIDRs.
 * - "Not found" and "already exists" raise KernelError with codes ENOTFOUND / EEXIST.
 * - A `HostKernel` is scoped to one network namespace; it never reaches outside it.
 */

export type LinkKind = 'veth' | 'bridge' | 'vxlan' | 'dummy' | 'loopback' | 'other';

export interface VxlanAttrs {
  readonly vni: number;
  /** UDP destination port (flannel: 8472). */
  readonly port: number;
  /** Source address of the encapsulated packets. */
  readonly local?: string;
  /** Underlay device. */
  readonly dev?: string;
  readonly learning: boolean;
}

export interface LinkInfo {
  readonly name: string;
  readonly index: number;
  readonly kind: LinkKind;
  readonly mtu: number;
  /** Administratively up (IFF_UP). */
  readonly up: boolean;
  /** Lower-case aa:bb:cc:dd:ee:ff. */
  readonly mac: string;
  readonly master?: string;
  readonly vxlan?: VxlanAttrs;
  /** Bridge ports only: hairpin mode. */
  readonly hairpin?: boolean;
}

export type LinkSpec =
  | {
      readonly kind: 'veth';
      readonly name: string;
      /**
       * The other end; created directly in `netns` when given (never passes through the root namespace).
       * `netns` is a namespace name or an absolute path (e.g. /proc/<pid>/ns/net).
       */
      readonly peer: { readonly name: string; readonly netns?: string };
      readonly mtu?: number;
      readonly mac?: string;
    }
  | { readonly kind: 'bridge'; readonly name: string; readonly mtu?: number; readonly mac?: string }
  | { readonly kind: 'dummy'; readonly name: string; readonly mtu?: number; readonly mac?: string }
  | ({
      readonly kind: 'vxlan';
      readonly name: string;
      readonly mtu?: number;
      readonly mac?: string;
    } & VxlanAttrs);

/** Changes to an existing link; only the given fields change. */
export interface LinkChange {
  readonly up?: boolean;
  /** A bridge name, or null to release the link from its master. */
  readonly master?: string | null;
  readonly mtu?: number;
  readonly mac?: string;
  /** Moves the link into another namespace (it leaves this one): a name or an absolute path. */
  readonly netns?: string;
  /** Bridge port hairpin mode (the link must have a bridge master). */
  readonly hairpin?: boolean;
}

export interface AddressInfo {
  readonly dev: string;
  /** "172.30.0.11/24" */
  readonly cidr: string;
}

/** 'local' and 'broadcast' routes live in table 255 (local), where the kernel adds them for addresses. */
export type RouteType = 'unicast' | 'blackhole' | 'local' | 'broadcast';
export type RouteScope = 'global' | 'link' | 'host';

export interface RouteSpec {
  /** "default" or a CIDR. */
  readonly dst: string;
  readonly via?: string;
  readonly dev?: string;
  readonly onlink?: boolean;
  readonly src?: string;
  readonly scope?: RouteScope;
  readonly type?: RouteType;
  /** Routing table id; default 254 (main). */
  readonly table?: number;
  readonly metric?: number;
}

export interface RouteInfo extends RouteSpec {
  /** Who installed it: "kernel" for connected routes, "boot"/"static" for routes added by tools. */
  readonly protocol: string;
}

export type NeighState = 'permanent' | 'reachable' | 'stale' | 'noarp' | 'other';

export interface NeighSpec {
  readonly ip: string;
  readonly mac: string;
  readonly dev: string;
  /** Default 'permanent' when writing. */
  readonly state?: NeighState;
}

export interface FdbSpec {
  readonly mac: string;
  readonly dev: string;
  /** VXLAN remote (the peer node's underlay IP). */
  readonly dst?: string;
  /** Default true when writing. */
  readonly permanent?: boolean;
}

/** One step of a batch. `HostKernel.apply` runs a list of these in order, in as few processes as it can. */
export type KernelOp =
  | { readonly op: 'link.add'; readonly link: LinkSpec }
  | { readonly op: 'link.delete'; readonly name: string }
  | { readonly op: 'link.set'; readonly name: string; readonly change: LinkChange }
  | { readonly op: 'addr.add' | 'addr.delete'; readonly address: AddressInfo }
  | { readonly op: 'route.add' | 'route.replace' | 'route.delete'; readonly route: RouteSpec }
  | { readonly op: 'neigh.replace'; readonly neigh: NeighSpec }
  | { readonly op: 'neigh.delete'; readonly neigh: Pick<NeighSpec, 'ip' | 'dev'> }
  | { readonly op: 'fdb.append' | 'fdb.replace'; readonly fdb: FdbSpec }
  | { readonly op: 'fdb.delete'; readonly fdb: FdbSpec };

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** The kernel of one network namespace. */
export interface HostKernel {
  /**
   * The namespace name, or null for the namespace the process runs in (a node agent on a real host),
   * or the path a host opened with `hostAtPath` (RealKernel, FakeKernel) was given.
   */
  readonly netns: string | null;

  /** Runs the steps in order; stops at the first failure and raises it (earlier steps stay applied). */
  apply(ops: readonly KernelOp[]): Promise<void>;

  listLinks(): Promise<LinkInfo[]>;
  /** undefined when the link does not exist. */
  getLink(name: string): Promise<LinkInfo | undefined>;
  listAddresses(dev?: string): Promise<AddressInfo[]>;
  /** Routes of one table (default main, 254). */
  listRoutes(table?: number): Promise<RouteInfo[]>;
  listNeighbours(dev?: string): Promise<(NeighSpec & { state: NeighState })[]>;
  /** Only entries with a `dst` or `permanent` state that tools added (not the kernel's own port MACs). */
  listFdb(dev?: string): Promise<FdbSpec[]>;

  getSysctl(key: string): Promise<string>;
  setSysctl(key: string, value: string): Promise<void>;

  /** Applies an nft script as one transaction (`nft -f -`): all of it or none of it. */
  nftApply(script: string): Promise<void>;
  /** The namespace's whole ruleset, as `nft -j list ruleset` prints it. */
  nftList(): Promise<NftJson>;

  /** Runs a program inside the namespace (argv array, no shell). Raises KernelError on non-zero exit. */
  exec(argv: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<ExecResult>;
}

export interface NftJson {
  readonly nftables: readonly Record<string, unknown>[];
}

/** Namespaces and access to each one's kernel. */
export interface Kernel {
  createNetns(name: string): Promise<void>;
  /** Kills nothing: callers stop the processes first (see `netnsPids`). */
  deleteNetns(name: string): Promise<void>;
  listNetns(): Promise<string[]>;
  /** PIDs of processes whose network namespace is `name`. */
  netnsPids(name: string): Promise<number[]>;
  host(netns: string | null): HostKernel;
}
