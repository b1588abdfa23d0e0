import type { FakeLink } from './model.js';
import { addAddressRoutes, insertAddress } from './addresses.js';
import { flushNeighbours } from './neigh-fdb.js';
import { MAIN_TABLE, removeRoutes } from './route-table.js';
import { removeLinkSysctls } from './sysctl.js';

/** What the kernel's netdevice notifiers do to IPv4 state when a link changes state. */

/** NETDEV_UP: loopback gets 127.0.0.1/8 (inetdev_event); every address gets its routes back. */
export function linkUp(link: FakeLink): void {
  if (link.up) return;
  link.up = true;
  const hasLoopbackAddress = link.addresses.some((a) => a.ip === '127.0.0.1' && a.prefix === 8);
  if (link.kind === 'loopback' && !hasLoopbackAddress) {
    insertAddress(link, '127.0.0.1', 8);
  }
  for (const address of link.addresses) addAddressRoutes(link, address);
}

/**
 * NETDEV_DOWN (fib_sync_down_dev without force): every route through the link dies except those of
 * scope host (local addresses and routes added with `scope host`); ARP entries are flushed.
 * Addresses stay.
 */
export function linkDown(link: FakeLink): void {
  if (!link.up) return;
  link.up = false;
  removeRoutes(link.netns, (r) => r.dev === link.name && r.scope !== 'host');
  flushNeighbours(link.netns, link.name);
}

/** NETDEV_UNREGISTER (delete, or leaving for another namespace): the link's IPv4 state goes. */
export function forgetIpState(link: FakeLink): void {
  const ns = link.netns;
  const ips = new Set(link.addresses.map((a) => a.ip));
  link.addresses = [];
  link.up = false;
  removeRoutes(ns, (r) => r.dev === link.name || (r.table === MAIN_TABLE && ips.has(r.src ?? '')));
  flushNeighbours(ns, link.name);
  removeLinkSysctls(link);
}
