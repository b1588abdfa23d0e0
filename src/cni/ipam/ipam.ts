import { formatIPv4, parseIPv4 } from '../../lib/ipv4.js';
import { CNI_CODE, CniError } from '../spec/errors.js';
import type { CniResult } from '../spec/result.js';
import { freeCount, nextFree } from './allocator.js';
import type { Attachment, IpamConfig } from './config.js';
import { formatRangeSet, type RangeSet } from './range.js';
import type { Reservation, Store } from './store.js';

/**
 * The IPAM operations over a Store: host-local's cmdAdd/cmdDel/cmdCheck (main.go), plus GC and
 * STATUS, which host-local lacks (its leaked addresses are the "no IP addresses available in range
 * set" reports users file). No I/O of their own, so they run against the FakeStore in tests.
 */

const exact = (r: Reservation, a: Attachment): boolean =>
  r.owner.containerId === a.containerId && r.owner.ifname === a.ifname;
/** Files from host-local before 0.7 hold only the container ID. */
const legacy = (r: Reservation, a: Attachment): boolean =>
  r.owner.ifname === '' && r.owner.containerId === a.containerId;

function reservedNumbers(reservations: readonly Reservation[]): Set<number> {
  return new Set(reservations.map((r) => parseIPv4(r.ip)));
}

const inSet = (set: RangeSet, ip: number): boolean => set.some((r) => ip >= r.start && ip <= r.end);

async function lastReservedNumber(store: Store, index: number): Promise<number | undefined> {
  const text = await store.lastReserved(index);
  return text === undefined ? undefined : parseIPv4(text);
}

/** One address from every range set, all or nothing (main.go releases what it got on failure). */
export function ipamAdd(conf: IpamConfig, owner: Attachment, store: Store): Promise<CniResult> {
  return store.withLock(async () => {
    const existing = await store.reservations();
    const reserved = reservedNumbers(existing);
    // allocator.go: "duplicate allocation is not allowed in SPEC" (ADD twice without DEL).
    const mine = existing.find(
      (r) => exact(r, owner) && conf.rangeSets.some((s) => inSet(s, parseIPv4(r.ip))),
    );
    if (mine) {
      throw new CniError(
        CNI_CODE.INTERNAL,
        `${mine.ip} has been allocated to ${owner.containerId}, duplicate allocation is not allowed`,
      );
    }
    const ips: { address: string; gateway: string }[] = [];
    try {
      for (const [index, set] of conf.rangeSets.entries()) {
        ips.push(await allocateFrom(set, index, reserved, owner, store));
      }
    } catch (err) {
      for (const ip of ips) await store.release(ip.address.split('/')[0]!);
      throw err;
    }
    return { ips, routes: conf.routes, dns: {} };
  });
}

async function allocateFrom(
  set: RangeSet,
  index: number,
  reserved: Set<number>,
  owner: Attachment,
  store: Store,
): Promise<{ address: string; gateway: string }> {
  const last = await lastReservedNumber(store, index);
  for (;;) {
    const next = nextFree(set, reserved, last);
    if (next === undefined) {
      // No well-known code says "exhausted"; 11 (try again later) is the closest: addresses come back
      // when pods are deleted or GC runs, and the kubelet retries the sandbox.
      throw new CniError(
        CNI_CODE.TRY_AGAIN_LATER,
        `failed to allocate for range ${index}: no IP addresses available in range set: ${formatRangeSet(set)}`,
      );
    }
    reserved.add(next.ip);
    if (await store.reserve(formatIPv4(next.ip), owner, index)) {
      return {
        address: `${formatIPv4(next.ip)}/${next.range.subnet.prefix}`,
        gateway: formatIPv4(next.range.gateway),
      };
    }
  }
}

/** Releases every address of the attachment; nothing to release is success (SPEC.md DEL). */
export function ipamDel(owner: Attachment, store: Store): Promise<void> {
  return store.withLock(async () => {
    const all = await store.reservations();
    const exacts = all.filter((r) => exact(r, owner));
    // disk/backend.go ReleaseByID: legacy ID-only files only when nothing matched exactly.
    for (const r of exacts.length > 0 ? exacts : all.filter((r) => legacy(r, owner)))
      await store.release(r.ip);
  });
}

/** SPEC.md CHECK "IP reservations": the attachment must still hold an address. */
export function ipamCheck(owner: Attachment, store: Store): Promise<void> {
  return store.withLock(async () => {
    const all = await store.reservations();
    if (!all.some((r) => exact(r, owner) || legacy(r, owner))) {
      throw new CniError(
        CNI_CODE.INTERNAL,
        `flatnet-ipam: failed to find address added by container ${owner.containerId}`,
      );
    }
  });
}

/**
 * SPEC.md GC: release every reservation whose owner is not a valid attachment; keep going on
 * errors and report them all at the end. Returns the released addresses.
 */
export function ipamGc(valid: readonly Attachment[], store: Store): Promise<string[]> {
  return store.withLock(async () => {
    const stale = (await store.reservations()).filter((r) => !valid.some((a) => exact(r, a) || legacy(r, a)));
    const errors: string[] = [];
    for (const r of stale) {
      await store.release(r.ip).catch((err: unknown) => errors.push(`${r.ip}: ${String(err)}`));
    }
    if (errors.length > 0)
      throw new CniError(CNI_CODE.IO_FAILURE, 'GC could not release some addresses', errors.join('; '));
    return stale.map((r) => r.ip).sort();
  });
}

/**
 * SPEC.md STATUS: code 50 when ADD cannot succeed — a range set without a free address, or a store
 * that cannot be read. (51 says existing pods lose connectivity, which IPAM state cannot cause.)
 */
export async function ipamStatus(conf: IpamConfig, store: Store): Promise<void> {
  let reserved: Set<number>;
  try {
    reserved = reservedNumbers(await store.reservations());
  } catch (err) {
    throw new CniError(CNI_CODE.NOT_AVAILABLE, 'IPAM store unreadable', String(err), { cause: err });
  }
  for (const [index, set] of conf.rangeSets.entries()) {
    if (freeCount(set, reserved) === 0) {
      throw new CniError(
        CNI_CODE.NOT_AVAILABLE,
        `no IP addresses available in range set ${index}: ${formatRangeSet(set)}`,
      );
    }
  }
}
