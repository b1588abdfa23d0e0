import { cidrsOverlap, formatIPv4, parseCidr } from '../../lib/ipv4.js';
import type { AddressInfo, KernelOp, LinkInfo, RouteSpec } from '../../kernel/types.js';
import { CNI_CODE, CniError } from '../spec/errors.js';
import type { CniResult, IpConfig, RouteConfig } from '../spec/result.js';
import type { BridgeConfig } from './config.js';
import { bridgeMac, hostVethMac, podMac } from './names.js';

/** Pure planning for ADD: IPAM result + configuration + what the kernel holds -> kernel ops. */

/** Index of the container interface in the result: `[bridge, hostVeth, container]`. */
export const CONTAINER_INTERFACE = 2;
const DEFAULT_DST = '0.0.0.0/0';
/** ETH_DATA_LEN: what the kernel gives a new veth, or a new bridge, without an explicit MTU. */
export const KERNEL_DEFAULT_MTU = 1500;

/** bridge.go calcGatewayIP: the subnet's first address. */
function firstAddress(address: string): string {
  return formatIPv4(parseCidr(address).network + 1);
}

/**
 * bridge.go calcGateways: every IP goes on the container interface, a missing gateway becomes the
 * subnet's first address when the bridge is the gateway, and isDefaultGateway adds a default route
 * through the first IP's gateway unless the IPAM routes already have one.
 */
export function withGateways(conf: BridgeConfig, ipam: CniResult): CniResult {
  const ips: IpConfig[] = ipam.ips.map((ip) => ({
    address: ip.address,
    ...(ip.gateway !== undefined
      ? { gateway: ip.gateway }
      : conf.isGateway && { gateway: firstAddress(ip.address) }),
    interface: CONTAINER_INTERFACE,
  }));
  const routes: RouteConfig[] = [...ipam.routes];
  const gateway = ips.find((ip) => ip.gateway !== undefined)?.gateway;
  if (conf.isDefaultGateway && gateway !== undefined && !routes.some((r) => r.dst === DEFAULT_DST)) {
    routes.push({ dst: DEFAULT_DST, gw: gateway });
  }
  return { ips, routes, dns: ipam.dns };
}

/** The addresses the bridge carries when it is the gateway: `<gateway>/<prefix>` per IP. */
export function bridgeAddresses(conf: BridgeConfig, result: CniResult): string[] {
  if (!conf.isGateway) return [];
  const cidrs = result.ips
    .filter((ip) => ip.gateway !== undefined)
    .map((ip) => `${ip.gateway}/${parseCidr(ip.address).prefix}`);
  return [...new Set(cidrs)];
}

export interface BridgeState {
  readonly link?: LinkInfo;
  readonly addresses: readonly AddressInfo[];
}

/**
 * bridge.go ensureBridge + ensureAddr: create the bridge (MAC pinned) when missing, add each gateway
 * address it lacks, bring it up. Another address in the same subnet is a conflict, as in the reference.
 */
export function planBridge(conf: BridgeConfig, state: BridgeState, gateways: readonly string[]): KernelOp[] {
  const ops: KernelOp[] = [];
  if (state.link === undefined) {
    const mac = gateways[0] === undefined ? {} : { mac: bridgeMac(gateways[0].split('/')[0]!) };
    ops.push({
      op: 'link.add',
      link: { kind: 'bridge', name: conf.bridge, ...mac, ...(conf.mtu && { mtu: conf.mtu }) },
    });
  } else if (state.link.kind !== 'bridge') {
    throw new CniError(CNI_CODE.INTERNAL, `"${conf.bridge}" already exists but is not a bridge`);
  }
  for (const cidr of gateways) {
    if (state.addresses.some((a) => a.cidr === cidr)) continue;
    const clash = state.addresses.find((a) => cidrsOverlap(parseCidr(a.cidr), parseCidr(cidr)));
    if (clash) {
      throw new CniError(
        CNI_CODE.INTERNAL,
        `"${conf.bridge}" already has an IP address different from ${cidr}`,
        clash.cidr,
      );
    }
    ops.push({ op: 'addr.add', address: { dev: conf.bridge, cidr } });
  }
  if (!state.link?.up) ops.push({ op: 'link.set', name: conf.bridge, change: { up: true } });
  return ops;
}

/**
 * The pod's veth pair, created from the node with its container end directly in the pod's
 * namespace (it never exists in the node under the container's name), then plugged into the bridge.
 */
export function planHostVeth(
  conf: BridgeConfig,
  hostVeth: string,
  ifname: string,
  containerNetns: string,
): KernelOp[] {
  return [
    {
      op: 'link.add',
      link: {
        kind: 'veth',
        name: hostVeth,
        mac: hostVethMac(hostVeth),
        peer: { name: ifname, netns: containerNetns },
        ...(conf.mtu && { mtu: conf.mtu }),
      },
    },
    {
      op: 'link.set',
      name: hostVeth,
      change: { master: conf.bridge, ...(conf.hairpinMode && { hairpin: true }), up: true },
    },
  ];
}

function routeSpec(route: RouteConfig, ifname: string, defaultGw: string | undefined): RouteSpec {
  const dst = route.dst === DEFAULT_DST ? 'default' : route.dst;
  const via = route.gw ?? defaultGw;
  return via === undefined ? { dst, dev: ifname, scope: 'link' } : { dst, via, dev: ifname };
}

/**
 * ipam.ConfigureIface: addresses, MAC (names.ts podMac), MTU, up, then the routes (a route's
 * gateway must be reachable through the now-connected subnet). A route without `gw` uses the first IP's gateway (SPEC.md
 * result `routes[].gw`: "If unset, a value in `gateway` in the `ips` array may be used").
 */
export function planContainer(conf: BridgeConfig, ifname: string, result: CniResult): KernelOp[] {
  const ips = result.ips.filter((ip) => ip.interface === CONTAINER_INTERFACE);
  const defaultGw = ips.find((ip) => ip.gateway !== undefined)?.gateway;
  const mac = ips[0] === undefined ? {} : { mac: podMac(ips[0].address.split('/')[0]!) };
  return [
    ...ips.map((ip): KernelOp => ({ op: 'addr.add', address: { dev: ifname, cidr: ip.address } })),
    { op: 'link.set', name: ifname, change: { ...mac, ...(conf.mtu && { mtu: conf.mtu }), up: true } },
    ...result.routes.map((r): KernelOp => ({ op: 'route.add', route: routeSpec(r, ifname, defaultGw) })),
  ];
}
