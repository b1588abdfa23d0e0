import { InvalidInputError } from '../lib/errors.js';
import { isIPv4, parseCidr } from '../lib/ipv4.js';

/**
 * Every name and address is checked here before it reaches an argv, so a hostile or mistaken
 * value can never become an option (leading '-') or a path (a '/' or '..').
 */

// Kernel rule (dev_valid_name): 1-15 bytes, not "." or "..", no '/', ':' or whitespace.
const IFNAME = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,14}$/;
// A netns name becomes a file under /run/netns.
const NETNS = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const SYSCTL = /^[a-z0-9_]+(\.[a-zA-Z0-9_@-]+)+$/;

function check(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new InvalidInputError(`invalid ${what} ${JSON.stringify(value)}`);
}

export function validateIfName(name: string): string {
  check(
    typeof name === 'string' && IFNAME.test(name) && name !== '.' && name !== '..',
    'interface name',
    name,
  );
  return name;
}

export function validateNetnsName(name: string): string {
  check(typeof name === 'string' && NETNS.test(name) && !name.includes('..'), 'network namespace name', name);
  return name;
}

// A namespace given by path (CNI_NETNS): absolute, plain segments only, so it can be neither an
// option nor a way out of the intended file ("." and ".." segments are refused).
const NETNS_PATH = /^(\/[A-Za-z0-9_.@+-]+)+$/;
// `ip netns add NAME` bind-mounts the namespace here (/var/run is a symlink to /run on Debian).
const NETNS_RUN_DIRS = ['/run/netns/', '/var/run/netns/'];

export function validateNetnsPath(path: string): string {
  check(
    typeof path === 'string' &&
      path.length <= 4096 &&
      NETNS_PATH.test(path) &&
      !path.split('/').some((s) => s === '.' || s === '..'),
    'network namespace path',
    path,
  );
  return path;
}

/**
 * Where a link goes (`netns` in `ip link add ... peer` and `ip link set`): a name under /run/netns,
 * or an absolute path, which iproute2's netns_get_fd() opens as it is when the value contains '/'.
 */
export function validateNetnsRef(ref: string): string {
  return typeof ref === 'string' && ref.startsWith('/') ? validateNetnsPath(ref) : validateNetnsName(ref);
}

/** The name of a namespace given as /run/netns/<name> (or /var/run/netns/<name>), else undefined. */
export function netnsNameFromPath(path: string): string | undefined {
  const dir = NETNS_RUN_DIRS.find((d) => path.startsWith(d));
  const name = dir === undefined ? '' : path.slice(dir.length);
  return NETNS.test(name) && !name.includes('..') ? name : undefined;
}

export function validateMac(mac: string): string {
  check(typeof mac === 'string' && MAC.test(mac), 'MAC address (lower-case aa:bb:cc:dd:ee:ff)', mac);
  return mac;
}

/**
 * A link's own MAC: the kernel refuses multicast and all-zero addresses with EADDRNOTAVAIL, which
 * iproute2 prints as "Cannot assign requested address" (indistinguishable from a missing address).
 */
export function validateLinkMac(mac: string): string {
  validateMac(mac);
  check(parseInt(mac.slice(0, 2), 16) % 2 === 0 && mac !== '00:00:00:00:00:00', 'unicast MAC address', mac);
  return mac;
}

export function validateIp(ip: string): string {
  check(typeof ip === 'string' && isIPv4(ip), 'IPv4 address', ip);
  return ip;
}

/** An interface address or route destination: "a.b.c.d/n" (host bits allowed for addresses). */
export function validateCidr(cidr: string): string {
  parseCidr(cidr);
  return cidr;
}

export function validateRouteDst(dst: string): string {
  return dst === 'default' ? dst : validateCidr(dst);
}

export function validateSysctlKey(key: string): string {
  check(typeof key === 'string' && SYSCTL.test(key) && !key.includes('..'), 'sysctl key', key);
  return key;
}

export function validateSysctlValue(value: string): string {
  check(typeof value === 'string' && /^[A-Za-z0-9 _.:-]{1,64}$/.test(value), 'sysctl value', value);
  return value;
}

export function validateInteger(value: number, what: string, min: number, max: number): number {
  check(Number.isInteger(value) && value >= min && value <= max, `${what} (${min}-${max})`, value);
  return value;
}

/** For names in nft table/chain positions that we build ourselves. */
export function validateNftName(name: string): string {
  check(typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name), 'nftables name', name);
  return name;
}
