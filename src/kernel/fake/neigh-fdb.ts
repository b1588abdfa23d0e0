import type { FdbSpec, NeighSpec, NeighState } from '../types.js';
import type { FakeLink, FakeNetns } from './model.js';
import { MSG, fail } from './model.js';

/** ARP entries (`ip neigh`) and forwarding entries (`bridge fdb`), with the kernel's quirks. */

const neighKey = (dev: string, ip: string) => `${dev} ${ip}`;

/** ARP creates every entry on a loopback device under 0.0.0.0 (__ipv4_neigh_lookup_noref). */
const arpIp = (link: FakeLink, ip: string) => (link.kind === 'loopback' ? '0.0.0.0' : ip);

export function replaceNeighbour(ns: FakeNetns, argv: readonly string[], spec: NeighSpec): void {
  const link = ns.links.get(spec.dev) ?? fail(argv, MSG.noDevice(spec.dev), 1);
  const state: NeighState = spec.state === undefined || spec.state === 'other' ? 'permanent' : spec.state;
  const ip = arpIp(link, spec.ip);
  ns.neighbours.set(neighKey(spec.dev, ip), { ip, dev: spec.dev, mac: spec.mac, state });
}

/** neigh_delete() looks the address up as given, so a loopback entry only goes by 0.0.0.0. */
export function deleteNeighbour(ns: FakeNetns, argv: readonly string[], ip: string, dev: string): void {
  if (!ns.links.has(dev)) fail(argv, MSG.noDevice(dev), 1);
  if (!ns.neighbours.delete(neighKey(dev, ip))) fail(argv, MSG.noEntry);
}

/** A link going down or away flushes its neighbours, permanent ones included (neigh_ifdown). */
export function flushNeighbours(ns: FakeNetns, dev: string): void {
  for (const [key, n] of ns.neighbours) if (n.dev === dev) ns.neighbours.delete(key);
}

/** `ip neigh show` hides NOARP entries; the real kernel also ages reachable ones, the fake does not. */
export function listNeighbours(ns: FakeNetns, dev?: string): (NeighSpec & { state: NeighState })[] {
  return [...ns.neighbours.values()]
    .filter((n) => n.state !== 'noarp' && (dev === undefined || n.dev === dev))
    .sort((a, b) => a.dev.localeCompare(b.dev) || a.ip.localeCompare(b.ip, 'en', { numeric: true }))
    .map((n) => ({ ip: n.ip, mac: n.mac, dev: n.dev, state: n.state }));
}

const unicast = (mac: string) => parseInt(mac.slice(0, 2), 16) % 2 === 0 && mac !== '00:00:00:00:00:00';

/**
 * vxlan_fdb_update(): a new MAC gets the remote; on an existing entry, append adds a remote only to
 * the all-zeros or multicast entries (flooding lists) and is a no-op on unicast ones, while replace
 * rewrites the first remote of a unicast entry and refuses the others. Links other than VXLAN keep
 * a plain MAC list (dev_uc_add) and ignore `dst`.
 */
export function writeFdb(ns: FakeNetns, argv: readonly string[], spec: FdbSpec, replace: boolean): void {
  const link = ns.links.get(spec.dev) ?? fail(argv, MSG.noDevice(spec.dev), 1);
  const remote = link.kind === 'vxlan' ? spec.dst : undefined;
  const remotes = link.fdb.get(spec.mac);
  if (!remotes) {
    link.fdb.set(spec.mac, remote === undefined ? [] : [remote]);
  } else if (remote === undefined) {
    return;
  } else if (replace) {
    if (!unicast(spec.mac)) fail(argv, 'Error: Cannot replace non-unicast fdb entries.', 255);
    remotes.splice(0, remotes.length > 0 ? 1 : 0, remote);
  } else if (!unicast(spec.mac) && !remotes.includes(remote)) {
    remotes.push(remote);
  }
}

/** A missing MAC is ENOENT; an existing MAC without the given remote is quietly left alone. */
export function deleteFdb(ns: FakeNetns, argv: readonly string[], spec: FdbSpec): void {
  const link = ns.links.get(spec.dev) ?? fail(argv, MSG.noDevice(spec.dev), 1);
  const remotes = link.fdb.get(spec.mac) ?? fail(argv, MSG.noEntry, 255);
  const remote = link.kind === 'vxlan' ? spec.dst : undefined;
  if (remote === undefined) {
    link.fdb.delete(spec.mac);
    return;
  }
  if (!remotes.includes(remote)) return;
  remotes.splice(remotes.indexOf(remote), 1);
  if (remotes.length === 0) link.fdb.delete(spec.mac);
}

/**
 * Only entries with a remote are listed (see parseFdb). iproute2 marks every entry it writes
 * permanent unless told `dynamic`, so every listed entry is permanent.
 */
export function listFdb(links: readonly FakeLink[]): FdbSpec[] {
  return links.flatMap((link) =>
    [...link.fdb.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([mac, remotes]) => remotes.map((dst) => ({ mac, dev: link.name, dst, permanent: true }))),
  );
}
