import type { LinkSpec, VxlanAttrs } from '../types.js';
import type { FakeLink, FakeNetns, FakeWorld } from './model.js';
import { MSG, allocIndex, fail, newLink } from './model.js';
import { portsOf, release } from './bridge.js';
import { forgetIpState } from './events.js';
import { addLinkSysctls } from './sysctl.js';
import { netnsNameFromPath } from '../validate.js';

/** Creating, deleting and moving links, with the side effects the kernel has on their neighbours. */

/** VXLAN_HEADROOM: IPv4 + UDP + VXLAN + inner Ethernet headers. */
const VXLAN_HEADROOM = 50;

type Spec<K extends LinkSpec['kind']> = Extract<LinkSpec, { kind: K }>;

export function addLink(ns: FakeNetns, argv: readonly string[], spec: LinkSpec, world: FakeWorld): void {
  switch (spec.kind) {
    case 'veth':
      return addVeth(ns, argv, spec, world);
    case 'vxlan':
      return addVxlan(ns, argv, spec, world);
    case 'bridge':
    case 'dummy': {
      if (ns.links.has(spec.name)) fail(argv, MSG.exists);
      const mac = spec.mac === undefined ? {} : { mac: spec.mac };
      return register(newLink(ns, spec.name, spec.kind, { mtu: spec.mtu ?? 1500, ...mac }));
    }
  }
}

/** veth_newlink() registers the peer first, so in one namespace the peer has the lower index. */
function addVeth(ns: FakeNetns, argv: readonly string[], spec: Spec<'veth'>, world: FakeWorld): void {
  const peerNs = spec.peer.netns === undefined ? ns : targetNetns(argv, spec.peer.netns, world);
  const clash = spec.peer.name === spec.name && peerNs === ns;
  if (ns.links.has(spec.name) || peerNs.links.has(spec.peer.name) || clash) fail(argv, MSG.exists);
  // MTU and MAC given on the command line belong to the named end only.
  const peer = newLink(peerNs, spec.peer.name, 'veth', { mtu: 1500 });
  register(peer);
  const mac = spec.mac === undefined ? {} : { mac: spec.mac };
  const link = newLink(ns, spec.name, 'veth', { mtu: spec.mtu ?? 1500, ...mac });
  link.peer = peer;
  peer.peer = link;
  register(link);
}

/**
 * vxlan_config_apply(): without a lower device the MTU is 1500 (ether_setup); with one it defaults
 * to, and is capped at, the lower MTU minus the headroom. One VNI per port per namespace.
 */
function addVxlan(ns: FakeNetns, argv: readonly string[], spec: Spec<'vxlan'>, world: FakeWorld): void {
  const lower =
    spec.dev === undefined ? undefined : (ns.links.get(spec.dev) ?? fail(argv, MSG.noDevice(spec.dev), 1));
  if (ns.links.has(spec.name)) fail(argv, MSG.exists);
  const sameVni = vxlansOf(ns, world).some((l) => l.vxlan!.vni === spec.vni && l.vxlan!.port === spec.port);
  if (sameVni) fail(argv, 'Error: A VXLAN device with the specified VNI already exists.');
  const max = lower ? Math.max(lower.mtu - VXLAN_HEADROOM, 68) : 65535;
  const mtu = Math.min(spec.mtu ?? (lower ? max : 1500), max);
  const mac = spec.mac === undefined ? {} : { mac: spec.mac };
  const link = newLink(ns, spec.name, 'vxlan', { mtu, ...mac });
  const vxlan: VxlanAttrs = {
    vni: spec.vni,
    port: spec.port,
    learning: spec.learning,
    ...(spec.local !== undefined && { local: spec.local }),
    ...(spec.dev !== undefined && { dev: spec.dev }),
  };
  link.vxlan = vxlan;
  link.home = ns;
  register(link);
}

/** The largest MTU a link accepts (vxlan_change_mtu checks the lower device). */
export function maxMtu(link: FakeLink): number {
  const lower = link.vxlan?.dev === undefined ? undefined : link.home?.links.get(link.vxlan.dev);
  return lower ? Math.max(lower.mtu - VXLAN_HEADROOM, 68) : 65535;
}

/** VXLAN devices whose socket lives in `home`, wherever the devices themselves are now. */
export function vxlansOf(home: FakeNetns, world: FakeWorld): FakeLink[] {
  return world
    .all()
    .flatMap((ns) => [...ns.links.values()].filter((l) => l.kind === 'vxlan' && l.home === home));
}

function register(link: FakeLink): void {
  link.netns.links.set(link.name, link);
  addLinkSysctls(link);
}

export function targetNetns(argv: readonly string[], name: string, world: FakeWorld): FakeNetns {
  return world.netns(netnsNameFromPath(name) ?? name) ?? fail(argv, MSG.badNetns(name), 255);
}

export function deleteLink(ns: FakeNetns, argv: readonly string[], name: string, world: FakeWorld): void {
  const link = ns.links.get(name) ?? fail(argv, MSG.noDevice(name), 1);
  if (link.kind === 'loopback') fail(argv, MSG.notSupported);
  destroyLink(link, world);
}

/**
 * Unregistering a link also takes: its veth peer (wherever it is), the VXLAN devices stacked on it
 * (vxlan_handle_lowerdev_unregister), and the port role of its bridge's ports.
 */
export function destroyLink(link: FakeLink, world: FakeWorld): void {
  if (link.netns.links.get(link.name) !== link) return;
  unregister(link, world);
  link.netns.links.delete(link.name);
  if (link.peer) destroyLink(link.peer, world);
}

/** What leaving a namespace does, whether the link is deleted or moved. */
function unregister(link: FakeLink, world: FakeWorld): void {
  forgetIpState(link);
  if (link.master !== undefined) release(link);
  if (link.kind === 'bridge') for (const port of portsOf(link)) release(port);
  for (const upper of vxlansOf(link.netns, world)) {
    if (upper.vxlan!.dev === link.name && upper !== link) destroyLink(upper, world);
  }
}

/**
 * `ip link set dev X netns Y`: the link arrives down, without addresses or master, and keeps its
 * index unless the target already uses it. Loopback and bridges cannot move (NETIF_F_NETNS_LOCAL).
 */
export function moveLink(link: FakeLink, argv: readonly string[], name: string, world: FakeWorld): void {
  const target = targetNetns(argv, name, world);
  if (link.kind === 'loopback' || link.kind === 'bridge') fail(argv, MSG.immutable);
  if (target === link.netns) return;
  if (target.links.has(link.name))
    fail(argv, 'Error: An interface with the same name exists in the target netns.');
  unregister(link, world);
  link.netns.links.delete(link.name);
  link.netns = target;
  link.index = allocIndex(target, link.index);
  // dev_change_net_namespace() flushes the device's unicast list; a VXLAN FDB belongs to the device.
  if (link.kind !== 'vxlan') link.fdb.clear();
  register(link);
}
