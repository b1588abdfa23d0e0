import type { LinkChange } from '../types.js';
import type { FakeLink, FakeNetns, FakeWorld } from './model.js';
import { MSG, fail } from './model.js';
import { enslave, portChanged, refreshBridge, release, setHairpin } from './bridge.js';
import { linkDown, linkUp } from './events.js';
import { maxMtu, moveLink } from './links.js';

/**
 * `ip link set`, step by step in the order RealKernel sends them (see linkSetLines): address, MTU
 * and master in one message (do_setlink order), then hairpin, then up/down, then the move. A failing
 * step leaves the earlier ones applied, as the kernel does.
 */
export function setLink(
  ns: FakeNetns,
  argv: readonly string[],
  name: string,
  change: LinkChange,
  world: FakeWorld,
): void {
  const link = ns.links.get(name) ?? fail(argv, MSG.noDevice(name), 1);
  if (change.mac !== undefined) setMac(link, change.mac);
  if (change.mtu !== undefined) setMtu(link, argv, change.mtu);
  if (change.master === null) release(link);
  else if (change.master !== undefined) enslave(link, argv, change.master);
  if (change.hairpin !== undefined) setHairpin(link, argv, change.hairpin);
  if (change.up === true) linkUp(link);
  if (change.up === false) linkDown(link);
  if (change.netns !== undefined) moveLink(link, argv, change.netns, world);
}

function setMac(link: FakeLink, mac: string): void {
  link.mac = mac;
  if (link.kind === 'bridge') link.macPinned = true;
  portChanged(link);
}

function setMtu(link: FakeLink, argv: readonly string[], mtu: number): void {
  if (mtu > maxMtu(link)) fail(argv, MSG.invalid);
  link.mtu = mtu;
  if (link.kind === 'bridge') {
    // br_change_mtu() pins the MTU; auto-adjustment stops from now on.
    link.mtuPinned = true;
    refreshBridge(link);
  }
  portChanged(link);
}
