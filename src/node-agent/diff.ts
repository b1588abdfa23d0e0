import type { FdbSpec, KernelOp, NeighSpec, NeighState, RouteInfo, RouteSpec } from '../kernel/types.js';
import { networkAddress, cidrInside } from './addressing.js';
import type { HostView, PeerEntries } from './backends/backend.js';

/**
 * desired vs observed -> the ops of one batch. Only what the agent owns is compared: main-table
 * routes inside the cluster CIDR other than the node's own subnet and the kernel's connected ones,
 * and every neighbour and FDB entry on the network's devices. Entries that already match produce no
 * op at all, which is what lets a restarted agent leave working traffic untouched.
 */

export interface Observed extends HostView {
  readonly routes: readonly RouteInfo[];
  readonly neighbours: readonly (NeighSpec & { state: NeighState })[];
  readonly fdb: readonly FdbSpec[];
}

export interface Scope {
  readonly clusterCidr: string;
  readonly localSubnet: string;
  /** podCIDRs whose entries stay as they are (see desired.ts). */
  readonly protectedSubnets: readonly string[];
}

export function diff(want: PeerEntries, have: Observed, scope: Scope): KernelOp[] {
  const owned = have.routes.filter((r) => ownedRoute(r, scope));
  const keep = protectedEntries(have, scope);
  const routes = diffRoutes(want.routes, owned, keep.routes);
  const neighbours = diffNeighbours(want.neighbours, have.neighbours, keep.neighbours);
  const fdb = diffFdb(want.fdb, have.fdb, keep.macs);
  // flannel's order: a new node gets neighbour, FDB entry, then the route that sends traffic to
  // them; a gone node loses the route first and its neighbour last. No packet meets a half entry.
  return [
    ...routes.remove,
    ...neighbours.add,
    ...fdb.add,
    ...routes.add,
    ...fdb.remove,
    ...neighbours.remove,
  ];
}

/** Forgets what the kernel held on devices that the batch deletes or recreates. */
export function forgetDevices(have: Observed, devices: readonly string[]): Observed {
  if (devices.length === 0) return have;
  const gone = (dev: string | undefined) => dev !== undefined && devices.includes(dev);
  return {
    ...have,
    routes: have.routes.filter((r) => !gone(r.dev)),
    neighbours: have.neighbours.filter((n) => !gone(n.dev)),
    fdb: have.fdb.filter((f) => !gone(f.dev)),
  };
}

function ownedRoute(route: RouteInfo, scope: Scope): boolean {
  return (
    (route.table ?? 254) === 254 &&
    (route.type ?? 'unicast') === 'unicast' &&
    route.protocol !== 'kernel' &&
    route.dst !== 'default' &&
    route.dst !== scope.localSubnet &&
    cidrInside(scope.clusterCidr, route.dst)
  );
}

function protectedEntries(have: Observed, scope: Scope) {
  const routes = new Set(scope.protectedSubnets);
  const neighbours = new Set(scope.protectedSubnets.map(networkAddress));
  const macs = new Set(have.neighbours.filter((n) => neighbours.has(n.ip)).map((n) => n.mac));
  return { routes, neighbours, macs };
}

interface Changes {
  readonly add: KernelOp[];
  readonly remove: KernelOp[];
}

const routeKey = (r: RouteSpec): string => `${r.dst} ${r.metric ?? 0}`;
const sameRoute = (a: RouteSpec, b: RouteSpec): boolean =>
  a.via === b.via && a.dev === b.dev && Boolean(a.onlink) === Boolean(b.onlink);

function diffRoutes(want: readonly RouteSpec[], have: readonly RouteInfo[], keep: Set<string>): Changes {
  const byKey = new Map(have.map((r) => [routeKey(r), r]));
  const wanted = new Set(want.map(routeKey));
  const add: KernelOp[] = want
    .filter((r) => !byKey.has(routeKey(r)) || !sameRoute(byKey.get(routeKey(r))!, r))
    .map((route) => ({ op: 'route.replace', route }));
  const remove: KernelOp[] = have
    .filter((r) => !wanted.has(routeKey(r)) && !keep.has(r.dst))
    .map((r) => ({ op: 'route.delete', route: exactRoute(r) }));
  return { add, remove };
}

/** The fields that name one route for `ip route del`, without undefined keys. */
function exactRoute(r: RouteInfo): RouteSpec {
  const { dst, via, dev, metric } = r;
  return { dst, ...(via ? { via } : {}), ...(dev ? { dev } : {}), ...(metric ? { metric } : {}) };
}

const neighKey = (n: Pick<NeighSpec, 'ip' | 'dev'>): string => `${n.dev} ${n.ip}`;

function diffNeighbours(
  want: readonly NeighSpec[],
  have: readonly (NeighSpec & { state: NeighState })[],
  keep: Set<string>,
): Changes {
  const byKey = new Map(have.map((n) => [neighKey(n), n]));
  const wanted = new Set(want.map(neighKey));
  const add: KernelOp[] = want
    .filter((n) => {
      const seen = byKey.get(neighKey(n));
      return !seen || seen.mac !== n.mac || seen.state !== 'permanent';
    })
    .map((n) => ({ op: 'neigh.replace', neigh: { ip: n.ip, mac: n.mac, dev: n.dev, state: 'permanent' } }));
  const remove: KernelOp[] = have
    .filter((n) => !wanted.has(neighKey(n)) && !keep.has(n.ip))
    .map((n) => ({ op: 'neigh.delete', neigh: { ip: n.ip, dev: n.dev } }));
  return { add, remove };
}

function diffFdb(want: readonly FdbSpec[], have: readonly FdbSpec[], keep: Set<string>): Changes {
  const add: KernelOp[] = want
    .filter((w) => !have.some((h) => h.dev === w.dev && h.mac === w.mac && h.dst === w.dst))
    // A unicast MAC has one remote: replace (flannel's NeighSet) moves it, append would be a no-op.
    .map((w) => ({ op: 'fdb.replace', fdb: { mac: w.mac, dev: w.dev, dst: w.dst } }));
  const remove: KernelOp[] = have
    .filter((h) => !want.some((w) => w.dev === h.dev && w.mac === h.mac) && !keep.has(h.mac))
    .map((h) => ({ op: 'fdb.delete', fdb: { mac: h.mac, dev: h.dev, dst: h.dst } }));
  return { add, remove };
}
