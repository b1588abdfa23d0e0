import { cidrContains, cidrSize, formatIPv4, parseCidr, parseIPv4, type Cidr } from '../../lib/ipv4.js';
import { invalidConfig, unsupportedField } from '../spec/errors.js';
import { isObject, optionalString, type Json } from '../spec/netconf.js';

/**
 * host-local's ranges (backend/allocator/range.go): a range is a subnet with an inclusive
 * [rangeStart, rangeEnd] and a gateway; a range set is a list of ranges one address is taken from.
 */

export interface IpRange {
  readonly subnet: Cidr;
  /** Inclusive bounds, as numbers. */
  readonly start: number;
  readonly end: number;
  readonly gateway: number;
}

export type RangeSet = readonly IpRange[];

export const formatRange = (r: IpRange): string => `${formatIPv4(r.start)}-${formatIPv4(r.end)}`;
export const formatRangeSet = (set: RangeSet): string => set.map(formatRange).join(',');

export function rangeContains(r: IpRange, ip: number): boolean {
  return ip >= r.start && ip <= r.end;
}

function ipField(obj: Json, key: string, where: string): number | undefined {
  const text = optionalString(obj, key, `${where}.${key}`);
  if (text === undefined) return undefined;
  if (text.includes(':')) throw unsupportedField(`${where}.${key}`, text, 'flatnet-ipam is IPv4 only');
  try {
    return parseIPv4(text);
  } catch {
    throw invalidConfig(`invalid ${where}.${key}`, text);
  }
}

function subnetField(obj: Json, where: string): Cidr {
  const text = optionalString(obj, 'subnet', `${where}.subnet`);
  if (text === undefined) throw invalidConfig(`${where}.subnet is missing`);
  if (text.includes(':')) throw unsupportedField(`${where}.subnet`, text, 'flatnet-ipam is IPv4 only');
  let subnet: Cidr;
  try {
    subnet = parseCidr(text, { strict: true });
  } catch (err) {
    throw invalidConfig(`invalid ${where}.subnet "${text}"`, (err as Error).message);
  }
  // range.go Canonicalize: "Network %s too small to allocate from" for /31 and /32.
  if (subnet.prefix > 30) throw invalidConfig(`network ${text} too small to allocate from`);
  return subnet;
}

/** One range, with host-local's defaults: gateway .1, rangeStart .1 (the gateway is skipped), rangeEnd broadcast-1. */
export function parseRange(value: unknown, where: string): IpRange {
  if (!isObject(value)) throw invalidConfig(`${where} must be an object`, JSON.stringify(value));
  const subnet = subnetField(value, where);
  const first = subnet.network + 1;
  const last = subnet.network + cidrSize(subnet) - 2;
  const inSubnet = (key: string, ip: number | undefined, fallback: number): number => {
    if (ip === undefined) return fallback;
    // host-local only asks for subnet membership; the network and broadcast addresses are never usable.
    if (!cidrContains(subnet, ip) || ip < first || ip > last) {
      throw invalidConfig(`${where}.${key} ${formatIPv4(ip)} not in network ${formatCidrText(subnet)}`);
    }
    return ip;
  };
  const start = inSubnet('rangeStart', ipField(value, 'rangeStart', where), first);
  const end = inSubnet('rangeEnd', ipField(value, 'rangeEnd', where), last);
  const gateway = inSubnet('gateway', ipField(value, 'gateway', where), first);
  if (start > end)
    throw invalidConfig(`${where}.rangeStart ${formatIPv4(start)} is after rangeEnd ${formatIPv4(end)}`);
  return { subnet, start, end, gateway };
}

const formatCidrText = (c: Cidr): string => `${formatIPv4(c.network)}/${c.prefix}`;

const overlaps = (a: IpRange, b: IpRange): boolean => a.start <= b.end && b.start <= a.end;

/** range_set.go Canonicalize: not empty, no two ranges overlapping. */
export function checkRangeSet(set: RangeSet, where: string): void {
  if (set.length === 0) throw invalidConfig(`${where}: empty range set`);
  set.forEach((a, i) =>
    set.slice(i + 1).forEach((b) => {
      if (overlaps(a, b))
        throw invalidConfig(`${where}: ranges ${formatRange(a)} and ${formatRange(b)} overlap`);
    }),
  );
}

/** config.go LoadIPAMConfig: "range set %d overlaps with %d". */
export function checkRangeSetsDisjoint(sets: readonly RangeSet[]): void {
  sets.forEach((a, i) =>
    sets.slice(i + 1).forEach((b, j) => {
      if (a.some((x) => b.some((y) => overlaps(x, y)))) {
        throw invalidConfig(`range set ${i} overlaps with ${i + j + 1}`);
      }
    }),
  );
}
