import { cidrContains, formatIPv4, parseCidr, parseIPv4, prefixMask } from '../../lib/ipv4.js';
import type { RouteInfo } from '../types.js';
import type { FakeNetns, FakeRoute } from './model.js';

/** Routing tables of the fake: one flat list, ordered on read the way the kernel's FIB trie is. */

export const MAIN_TABLE = 254;
export const LOCAL_TABLE = 255;

export type NewRoute = Omit<FakeRoute, 'seq'>;

export function insertRoute(ns: FakeNetns, route: NewRoute): void {
  ns.routes.push({ ...route, seq: ns.seq++ });
}

/** fib_magic() appends kernel routes with NLM_F_APPEND, which quietly skips an identical route. */
export function insertKernelRoute(ns: FakeNetns, route: Omit<NewRoute, 'protocol' | 'metric'>): void {
  const same = ns.routes.some(
    (r) =>
      r.protocol === 'kernel' &&
      r.table === route.table &&
      r.dst === route.dst &&
      r.type === route.type &&
      r.dev === route.dev &&
      r.src === route.src &&
      r.metric === 0,
  );
  if (!same) insertRoute(ns, { ...route, protocol: 'kernel', metric: 0 });
}

export function removeRoutes(ns: FakeNetns, doomed: (r: FakeRoute) => boolean): void {
  ns.routes = ns.routes.filter((r) => !doomed(r));
}

/** Trie order: by network, longer prefix first, then metric, then insertion. */
export function tableRoutes(ns: FakeNetns, table: number): FakeRoute[] {
  const key = (r: FakeRoute) => parseCidr(r.dst);
  return ns.routes
    .filter((r) => r.table === table)
    .sort((a, b) => {
      const ca = key(a);
      const cb = key(b);
      return ca.network - cb.network || cb.prefix - ca.prefix || a.metric - b.metric || a.seq - b.seq;
    });
}

export function routeContains(route: FakeRoute, ip: string): boolean {
  return cidrContains(parseCidr(route.dst), parseIPv4(ip));
}

/** The shape `parseRoutes` gives for the same route listed by `ip -j route show`. */
export function toRouteInfo(r: FakeRoute): RouteInfo {
  return {
    dst: r.dst === '0.0.0.0/0' ? 'default' : r.dst,
    protocol: r.protocol,
    ...(r.type !== 'unicast' && { type: r.type }),
    ...(r.via !== undefined && { via: r.via }),
    ...(r.dev !== undefined && { dev: r.dev }),
    ...(r.onlink && { onlink: true }),
    ...(r.src !== undefined && { src: r.src }),
    ...(r.scope !== 'global' && { scope: r.scope }),
    // The kernel only reports RTA_PRIORITY when it is not zero.
    ...(r.metric !== 0 && { metric: r.metric }),
    ...(r.table !== MAIN_TABLE && { table: r.table }),
  };
}

/** "10.1.0.7/24" -> network "10.1.0.0", broadcast "10.1.0.255". */
export function subnetOf(ip: string, prefix: number): { network: string; broadcast: string } {
  const mask = prefixMask(prefix);
  const value = parseIPv4(ip);
  return {
    network: formatIPv4((value & mask) >>> 0),
    broadcast: formatIPv4((value | ~mask) >>> 0),
  };
}
