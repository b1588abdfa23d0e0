import type { FakeLink } from './model.js';
import { MSG, fail } from './model.js';

/** Bridge ports, with the bridge driver's automatic MTU and MAC (net/bridge/br_if.c, br_stp_if.c). */

export function portsOf(bridge: FakeLink): FakeLink[] {
  return [...bridge.netns.links.values()].filter((l) => l.master === bridge.name);
}

/**
 * br_mtu_auto_adjust(): the bridge takes its smallest port MTU (1500 with no ports) until the user
 * sets one; an MTU given at creation does not count as set. br_stp_recalculate_bridge_id(): the
 * bridge takes its smallest port MAC, all zeros with no ports, unless the user chose one.
 */
export function refreshBridge(bridge: FakeLink): void {
  const ports = portsOf(bridge);
  if (!bridge.mtuPinned) bridge.mtu = ports.length > 0 ? Math.min(...ports.map((p) => p.mtu)) : 1500;
  if (!bridge.macPinned) bridge.mac = ports.map((p) => p.mac).sort()[0] ?? '00:00:00:00:00:00';
}

export function enslave(link: FakeLink, argv: readonly string[], masterName: string): void {
  const master = link.netns.links.get(masterName) ?? fail(argv, MSG.noMaster(masterName), 255);
  if (master.kind !== 'bridge') fail(argv, MSG.notSupported);
  if (link.kind === 'bridge') fail(argv, 'Error: Can not enslave a bridge to a bridge.');
  if (link.kind === 'loopback' || link === master) fail(argv, MSG.invalid);
  if (link.master === masterName) return;
  if (link.master !== undefined) release(link);
  link.master = masterName;
  link.hairpin = false;
  refreshBridge(master);
}

export function release(link: FakeLink): void {
  const master = link.master === undefined ? undefined : link.netns.links.get(link.master);
  delete link.master;
  delete link.hairpin;
  if (master) refreshBridge(master);
}

/** Port flags live on the bridge port; a link that is no port has none (EOPNOTSUPP). */
export function setHairpin(link: FakeLink, argv: readonly string[], on: boolean): void {
  if (link.master === undefined) fail(argv, MSG.notSupported);
  link.hairpin = on;
}

/** A port's MTU or MAC change makes its bridge recompute its own (NETDEV_CHANGEMTU/CHANGEADDR). */
export function portChanged(link: FakeLink): void {
  const master = link.master === undefined ? undefined : link.netns.links.get(link.master);
  if (master) refreshBridge(master);
}
