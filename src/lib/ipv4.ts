import { InvalidInputError } from './errors.js';

/** IPv4 addresses as unsigned 32-bit numbers; CIDRs as { network, prefix }. Pure math, no I/O. */

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

export function parseIPv4(text: string): number {
  if (!isIPv4(text)) throw new InvalidInputError(`invalid IPv4 address "${text}"`);
  return text.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses "a.b.c.d/n". With `strict`, host bits must be zero (as Kubernetes requires for CIDR fields). */
export function parseCidr(text: string, options: { strict?: boolean } = {}): Cidr {
  const [addr, len, extra] = text.split('/');
  if (addr === undefined || len === undefined || extra !== undefined || !/^\d{1,2}$/.test(len)) {
    throw new InvalidInputError(`invalid CIDR "${text}"`);
  }
  const prefix = Number(len);
  if (prefix > 32) throw new InvalidInputError(`invalid CIDR "${text}": prefix length above 32`);
  const ip = parseIPv4(addr);
  const network = (ip & prefixMask(prefix)) >>> 0;
  if (options.strict && network !== ip) {
    throw new InvalidInputError(
      `invalid CIDR "${text}": host bits set (network is ${formatCidr({ network, prefix })})`,
    );
  }
  return { network, prefix };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIPv4(cidr.network)}/${cidr.prefix}`;
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return (ip & prefixMask(cidr.prefix)) >>> 0 === cidr.network;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = prefixMask(prefix);
  return (a.network & mask) >>> 0 === (b.network & mask) >>> 0;
}

/** The n-th address of a CIDR (0 = network address). Throws when n falls outside. */
export function nthAddress(cidr: Cidr, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= cidrSize(cidr)) {
    throw new InvalidInputError(`address index ${n} is outside ${formatCidr(cidr)}`);
  }
  return cidr.network + n;
}

/** The i-th subnet of size `prefix` inside `parent` (node podCIDRs: 10.244.<i>.0/24). */
export function nthSubnet(parent: Cidr, prefix: number, i: number): Cidr {
  if (prefix < parent.prefix || prefix > 32) {
    throw new InvalidInputError(`cannot cut /${prefix} subnets from ${formatCidr(parent)}`);
  }
  const count = 2 ** (prefix - parent.prefix);
  if (!Number.isInteger(i) || i < 0 || i >= count) {
    throw new InvalidInputError(
      `subnet index ${i} is outside ${formatCidr(parent)} (${count} /${prefix} subnets)`,
    );
  }
  return { network: parent.network + i * cidrSize({ network: 0, prefix }), prefix };
}
