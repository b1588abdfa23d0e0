import { cidrContains, formatIPv4, isIPv4, parseCidr, parseIPv4, type Cidr } from '../lib/ipv4.js';

/** Small address predicates the agent's pure functions share (strings in, strings out). */

/** "10.244.1.0/24" -> "10.244.1.0": flannel's VTEP address and remote gateway for a subnet. */
export const networkAddress = (cidr: string): string => formatIPv4(parseCidr(cidr).network);

/** Whether `ip` lies in `cidr`. */
export const ipInCidr = (cidr: string, ip: string): boolean =>
  isIPv4(ip) && cidrContains(parseCidr(cidr), parseIPv4(ip));

/** Whether `inner` lies entirely inside `outer` (equal counts). */
export function cidrInside(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return i.prefix >= o.prefix && cidrContains(o, i.network);
}

/** A CIDR in canonical form with host bits zero, or undefined when `text` is not one. */
export function strictCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return parseCidr(text, { strict: true });
  } catch {
    return undefined;
  }
}
