import { BlockList, isIPv6 } from 'node:net';
import { parseIPv4Sloppy } from '../../machinery/validation.js';
import type { Causes } from './causes.js';

/**
 * IP and CIDR checks of k8s.io/apimachinery/pkg/util/validation/ip.go and
 * pkg/apis/core/validation.ValidateNonSpecialIP (Kubernetes 1.32). Addresses parse like
 * netutils.ParseIPSloppy: IPv4 octets may carry leading zeros (read as decimal); IPv6 is accepted
 * where Kubernetes accepts it, although flatnet itself only routes IPv4.
 */

export type Family = 'ipv4' | 'ipv6';

export interface ParsedIP {
  readonly family: Family;
  /** Canonical text (leading zeros dropped for IPv4). */
  readonly text: string;
}

export interface ParsedCIDR {
  readonly ip: ParsedIP;
  readonly prefix: number;
}

export const IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

export function parseIP(text: string): ParsedIP | undefined {
  const v4 = parseIPv4Sloppy(text);
  if (v4) return { family: 'ipv4', text: v4.join('.') };
  return isIPv6(text) ? { family: 'ipv6', text } : undefined;
}

/** ParseCIDRSloppy: host bits may be set (`10.0.0.1/8` is a valid CIDR). */
export function parseCIDR(text: string): ParsedCIDR | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= (ip.family === 'ipv4' ? 32 : 128) ? { ip, prefix } : undefined;
}

/** validation.IsValidIP. Returns whether the address parsed. */
export function validateIP(c: Causes, field: string, value: string): boolean {
  if (parseIP(value)) return true;
  c.invalid(field, value, IP_MESSAGE);
  return false;
}

/** validation.IsValidCIDR. */
export function validateCIDR(c: Causes, field: string, value: string): ParsedCIDR | undefined {
  const cidr = parseCIDR(value);
  if (!cidr) c.invalid(field, value, CIDR_MESSAGE);
  return cidr;
}

const blockList = (family: Family, ...subnets: [string, number][]): BlockList => {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, family);
  return list;
};

const LOOPBACK = { ipv4: blockList('ipv4', ['127.0.0.0', 8]), ipv6: blockList('ipv6', ['::1', 128]) };
const LINK_LOCAL = { ipv4: blockList('ipv4', ['169.254.0.0', 16]), ipv6: blockList('ipv6', ['fe80::', 10]) };
const LINK_LOCAL_MULTICAST = {
  ipv4: blockList('ipv4', ['224.0.0.0', 24]),
  ipv6: blockList('ipv6', ['ff02::', 16]),
};

/**
 * ValidateNonSpecialIP: endpoints and external IPs may not be unspecified, loopback or link-local
 * (those are node-centric, e.g. a metadata service).
 */
export function validateNonSpecialIP(c: Causes, field: string, value: string): void {
  const ip = parseIP(value);
  if (!ip) {
    c.invalid(field, value, 'must be a valid IP address');
    return;
  }
  const { family, text } = ip;
  if (text === '0.0.0.0' || (family === 'ipv6' && blockList('ipv6', ['::', 128]).check(text, 'ipv6'))) {
    c.invalid(field, value, `may not be unspecified (${value})`);
  }
  if (LOOPBACK[family].check(text, family))
    c.invalid(field, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)');
  if (LINK_LOCAL[family].check(text, family)) {
    c.invalid(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  }
  if (LINK_LOCAL_MULTICAST[family].check(text, family)) {
    c.invalid(field, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  }
}

/** Whether `inner` lies inside `outer` and is strictly smaller (NetworkPolicy ipBlock.except). */
export function strictSubset(outer: ParsedCIDR, inner: ParsedCIDR): boolean {
  if (outer.ip.family !== inner.ip.family || outer.prefix >= inner.prefix) return false;
  return blockList(outer.ip.family, [outer.ip.text, outer.prefix]).check(inner.ip.text, inner.ip.family);
}
