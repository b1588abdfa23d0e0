import { parseCidr } from '../../lib/ipv4.js';
import type { AddressInfo } from '../types.js';
import type { FakeAddress, FakeLink } from './model.js';
import { fail } from './model.js';
import { flushNeighbours } from './neigh-fdb.js';
import { LOCAL_TABLE, MAIN_TABLE, insertKernelRoute, removeRoutes, subnetOf } from './route-table.js';

/**
 * IPv4 addresses and the routes the kernel derives from them (net/ipv4/devinet.c, fib_frontend.c):
 * - a `local` route in table 255 for every address, whatever the link state;
 * - while the link is up, for a primary address: the connected route (proto kernel, scope link,
 *   src = the address) in main, unless it is a /32, and a `broadcast` route in table 255 below /31.
 * A second address in a subnet the link already has is secondary: no connected route of its own.
 */

export function addAddress(link: FakeLink, argv: readonly string[], cidr: string): void {
  const [ip, prefix] = splitCidr(cidr);
  if (link.addresses.some((a) => a.ip === ip && a.prefix === prefix)) {
    fail(argv, 'Error: ipv4: Address already assigned.');
  }
  addAddressRoutes(link, insertAddress(link, ip, prefix));
}

/** __inet_insert_ifa(): primaries go after the last primary, secondaries at the end. */
export function insertAddress(link: FakeLink, ip: string, prefix: number): FakeAddress {
  const secondary = link.addresses.some((a) => inSubnetOf(a, ip, prefix));
  const address: FakeAddress = { ip, prefix, secondary };
  const lastPrimary = link.addresses.findLastIndex((a) => !a.secondary);
  if (secondary) link.addresses.push(address);
  else link.addresses.splice(lastPrimary + 1, 0, address);
  return address;
}

export function deleteAddress(link: FakeLink, argv: readonly string[], cidr: string): void {
  const [ip, prefix] = splitCidr(cidr);
  const address = link.addresses.find((a) => a.ip === ip && a.prefix === prefix);
  if (!address) fail(argv, 'Error: ipv4: Address not found.');
  // promote_secondaries is 0 by default: a primary takes its secondaries with it.
  const doomed = address.secondary
    ? [address]
    : [...link.addresses.filter((a) => a.secondary && inSubnetOf(a, ip, prefix)), address];
  for (const victim of doomed) {
    link.addresses = link.addresses.filter((a) => a !== victim);
    removeAddressRoutes(link, victim);
  }
  // fib_inetaddr_event(): the last address gone disables IP on the link (fib_disable_ip with force):
  // every route through it dies, host scope included, and its ARP entries are flushed.
  if (link.addresses.length === 0) {
    removeRoutes(link.netns, (r) => r.dev === link.name);
    flushNeighbours(link.netns, link.name);
  }
}

export function listAddresses(links: readonly FakeLink[]): AddressInfo[] {
  return links.flatMap((l) => l.addresses.map((a) => ({ dev: l.name, cidr: `${a.ip}/${a.prefix}` })));
}

/** fib_add_ifaddr(): on address add, and for every address when the link comes up. */
export function addAddressRoutes(link: FakeLink, address: FakeAddress): void {
  const ns = link.netns;
  const dev = link.name;
  const primary = primaryOf(link, address);
  insertKernelRoute(ns, {
    table: LOCAL_TABLE,
    type: 'local',
    dst: `${address.ip}/32`,
    dev,
    scope: 'host',
    src: primary,
  });
  if (!link.up || address.secondary) return;
  const { network, broadcast } = subnetOf(address.ip, address.prefix);
  if (network === '0.0.0.0' || (network === address.ip && address.prefix === 32)) return;
  const loopback = link.kind === 'loopback';
  insertKernelRoute(ns, {
    table: loopback ? LOCAL_TABLE : MAIN_TABLE,
    type: loopback ? 'local' : 'unicast',
    dst: `${network}/${address.prefix}`,
    dev,
    scope: loopback ? 'host' : 'link',
    src: address.ip,
  });
  if (address.prefix < 31) {
    insertKernelRoute(ns, {
      table: LOCAL_TABLE,
      type: 'broadcast',
      dst: `${broadcast}/32`,
      dev,
      scope: 'link',
      src: address.ip,
    });
  }
}

/** fib_del_ifaddr(): the address is already off the link's list. */
function removeAddressRoutes(link: FakeLink, address: FakeAddress): void {
  const ns = link.netns;
  const dev = link.name;
  if (!address.secondary) {
    const { network, broadcast } = subnetOf(address.ip, address.prefix);
    const dst = `${network}/${address.prefix}`;
    removeRoutes(
      ns,
      (r) => r.protocol === 'kernel' && r.dev === dev && r.dst === dst && r.src === address.ip,
    );
    const shared = link.addresses.some(
      (a) => !a.secondary && subnetOf(a.ip, a.prefix).broadcast === broadcast,
    );
    if (!shared)
      removeRoutes(ns, (r) => r.type === 'broadcast' && r.dev === dev && r.dst === `${broadcast}/32`);
  }
  if (link.addresses.some((a) => a.ip === address.ip)) return;
  removeRoutes(
    ns,
    (r) => r.protocol === 'kernel' && r.type === 'local' && r.dev === dev && r.dst === `${address.ip}/32`,
  );
  // fib_sync_down_addr(): main-table routes that used the vanished address as source die with it.
  removeRoutes(ns, (r) => r.table === MAIN_TABLE && r.src === address.ip);
}

function primaryOf(link: FakeLink, address: FakeAddress): string {
  if (!address.secondary) return address.ip;
  return (
    link.addresses.find((a) => !a.secondary && inSubnetOf(a, address.ip, address.prefix))?.ip ?? address.ip
  );
}

function inSubnetOf(a: FakeAddress, ip: string, prefix: number): boolean {
  return a.prefix === prefix && subnetOf(a.ip, prefix).network === subnetOf(ip, prefix).network;
}

function splitCidr(cidr: string): [string, number] {
  const prefix = parseCidr(cidr).prefix;
  return [cidr.split('/')[0]!, prefix];
}
