import { formatCidr, parseCidr } from '../../lib/ipv4.js';
import type { RouteScope, RouteSpec, RouteType } from '../types.js';
import type { FakeNetns, FakeRoute } from './model.js';
import { MSG, fail } from './model.js';
import {
  LOCAL_TABLE,
  MAIN_TABLE,
  insertRoute,
  removeRoutes,
  routeContains,
  tableRoutes,
} from './route-table.js';

/**
 * `ip route add|replace|del` against the fake's tables, with the checks of the kernel's
 * fib_create_info() / fib_check_nh() in their order: device, prefix, nexthop, prefsrc, duplicate.
 */

const NOT_UP = 'Error: Device for nexthop is not up.';
const INVALID_GATEWAY = 'Error: Nexthop has invalid gateway.';

interface Target {
  readonly table: number;
  readonly type: RouteType;
  readonly dst: string;
}

/** iproute2 puts local routes in table local unless a table is named. */
function target(ns: FakeNetns, argv: readonly string[], spec: RouteSpec, deleting: boolean): Target {
  const type = spec.type ?? 'unicast';
  const table = spec.table ?? (type === 'local' || type === 'broadcast' ? LOCAL_TABLE : MAIN_TABLE);
  if (spec.dev !== undefined && !ns.links.has(spec.dev)) fail(argv, MSG.noDevice(spec.dev), 1);
  const text = spec.dst === 'default' ? '0.0.0.0/0' : spec.dst;
  const dst = formatCidr(parseCidr(text));
  if (dst !== text) fail(argv, deleting ? MSG.invalid : 'Error: Invalid prefix for given prefix length.');
  return { table, type, dst };
}

/** iproute2's default scopes: host for local, link for broadcast and device routes, else global. */
function defaultScope(spec: RouteSpec, type: RouteType): RouteScope {
  if (type === 'local') return 'host';
  if (type === 'broadcast' || (type === 'unicast' && spec.via === undefined)) return 'link';
  return 'global';
}

export function addRoute(ns: FakeNetns, argv: readonly string[], spec: RouteSpec, replace: boolean): void {
  const { table, type, dst } = target(ns, argv, spec, false);
  const scope = spec.scope ?? defaultScope(spec, type);
  const dev = nexthopDevice(ns, argv, spec, type, scope, table);
  const isLocal = [...ns.links.values()].some((l) => l.addresses.some((a) => a.ip === spec.src));
  if (spec.src !== undefined && !isLocal && !(type === 'local' && dst === `${spec.src}/32`)) {
    fail(argv, 'Error: Invalid prefsrc address.');
  }
  const metric = spec.metric ?? 0;
  // fib_table_insert(): the key is (prefix, tos, priority); type and nexthop do not matter.
  const clash = tableRoutes(ns, table).find((r) => r.dst === dst && r.metric === metric);
  if (clash && !replace) fail(argv, MSG.exists);
  if (clash) removeRoutes(ns, (r) => r === clash);
  insertRoute(ns, {
    table,
    dst,
    type,
    scope,
    protocol: 'boot',
    metric,
    ...(spec.via !== undefined && { via: spec.via }),
    ...(dev !== undefined && { dev }),
    ...(spec.onlink && spec.via !== undefined && { onlink: true }),
    ...(spec.src !== undefined && { src: spec.src }),
  });
}

/** The device the route leaves through (resolved from the gateway when not given), or a kernel error. */
function nexthopDevice(
  ns: FakeNetns,
  argv: readonly string[],
  spec: RouteSpec,
  type: RouteType,
  scope: RouteScope,
  table: number,
): string | undefined {
  if (type === 'blackhole') {
    if (spec.via !== undefined || spec.dev !== undefined) {
      fail(argv, 'Error: Gateway, device and multipath can not be specified for this route type.');
    }
    return undefined;
  }
  if (scope === 'host') {
    if (spec.via !== undefined) fail(argv, 'Error: Route with host scope can not have a gateway.');
    if (spec.dev === undefined) fail(argv, MSG.noSuchDevice);
    return spec.dev;
  }
  if (spec.via === undefined) {
    if (spec.dev === undefined) fail(argv, MSG.noSuchDevice);
    if (!ns.links.get(spec.dev)!.up) fail(argv, NOT_UP);
    return spec.dev;
  }
  if (spec.onlink) return onlinkDevice(ns, argv, spec, scope);
  const dev = gatewayDevice(ns, spec.via, spec.dev, table);
  if (dev === undefined) fail(argv, INVALID_GATEWAY);
  if (!ns.links.get(dev)!.up) fail(argv, MSG.netDown);
  return dev;
}

function onlinkDevice(ns: FakeNetns, argv: readonly string[], spec: RouteSpec, scope: RouteScope): string {
  if (scope !== 'global') fail(argv, 'Error: Nexthop has invalid scope.');
  if (spec.dev === undefined) fail(argv, 'Error: Nexthop device required for onlink.');
  if (!ns.links.get(spec.dev)!.up) fail(argv, 'Error: Nexthop device is not up.');
  const local = ns.links.get(spec.dev)!.addresses.some((a) => a.ip === spec.via);
  if (local) fail(argv, INVALID_GATEWAY);
  return spec.dev;
}

/**
 * fib_check_nh_v4_gw(): a lookup of the gateway that only accepts routes of scope link or host
 * (connected subnets, device routes, local addresses), through the given device if any; the named
 * table first, then the default rules (local, main). Gateways behind another gateway do not count.
 */
function gatewayDevice(ns: FakeNetns, gateway: string, dev: string | undefined, table: number) {
  const tables = table === MAIN_TABLE || table === LOCAL_TABLE ? [] : [table];
  for (const id of [...tables, LOCAL_TABLE, MAIN_TABLE]) {
    const hit = tableRoutes(ns, id)
      .filter((r) => routeContains(r, gateway))
      .sort((a, b) => prefixOf(b) - prefixOf(a))
      .find((r) => r.scope !== 'global' && (dev === undefined || r.dev === dev));
    if (hit) return hit.type === 'unicast' || hit.type === 'local' ? hit.dev : undefined;
  }
  return undefined;
}

const prefixOf = (r: FakeRoute) => parseCidr(r.dst).prefix;

/**
 * fib_table_delete(): the first route of the prefix, in metric order, that matches every attribute
 * given. iproute2 sends no type for unicast, and no scope or protocol, so those match anything.
 */
export function deleteRoute(ns: FakeNetns, argv: readonly string[], spec: RouteSpec): void {
  const { table, dst } = target(ns, argv, spec, true);
  const type = spec.type === 'unicast' ? undefined : spec.type;
  const victim = tableRoutes(ns, table).find(
    (r) =>
      r.dst === dst &&
      (!spec.metric || r.metric === spec.metric) &&
      (type === undefined || r.type === type) &&
      (spec.scope === undefined || r.scope === spec.scope) &&
      (spec.src === undefined || r.src === spec.src) &&
      (spec.via === undefined || r.via === spec.via) &&
      (spec.dev === undefined || r.dev === spec.dev),
  );
  if (!victim) fail(argv, MSG.noRoute);
  removeRoutes(ns, (r) => r === victim);
}
