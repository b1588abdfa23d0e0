import type { FakeLink, FakeNetns } from './model.js';
import { fail } from './model.js';

/**
 * Sysctls of a namespace: the keys flatnet is likely to touch, with the values a fresh namespace
 * shows on kernel 6.x with procps 4 (checked with `ip netns exec NS sysctl KEY`). Any other key
 * does not exist, as for `sysctl -w` on a path with no /proc/sys file.
 */
const GLOBAL: Readonly<Record<string, string>> = {
  'net.ipv4.ip_forward': '0',
  'net.ipv4.ip_nonlocal_bind': '0',
  'net.ipv4.ip_local_port_range': '32768\t60999',
  'net.ipv4.ping_group_range': '1\t0',
  'net.ipv4.tcp_syncookies': '1',
  'net.core.somaxconn': '4096',
  // Present in every namespace when br_netfilter is built in, as on the reference machine.
  'net.bridge.bridge-nf-call-iptables': '1',
  'net.bridge.bridge-nf-call-ip6tables': '1',
  'net.bridge.bridge-nf-call-arptables': '1',
  'net.netfilter.nf_conntrack_max': '262144',
  'net.netfilter.nf_conntrack_tcp_be_liberal': '0',
};

/** net.ipv4.conf.{all,default,<dev>}.* */
const CONF4: Readonly<Record<string, string>> = {
  forwarding: '0',
  rp_filter: '0',
  proxy_arp: '0',
  route_localnet: '0',
  promote_secondaries: '0',
  send_redirects: '1',
  accept_local: '0',
  arp_ignore: '0',
  arp_announce: '0',
  src_valid_mark: '0',
  log_martians: '0',
};

/** net.ipv6.conf.{all,default,<dev>}.* */
const CONF6: Readonly<Record<string, string>> = { disable_ipv6: '0', forwarding: '0' };

/** Only the initial namespace may change the conntrack table size; elsewhere the file is read-only. */
const READ_ONLY_IN_CHILD = new Set(['net.netfilter.nf_conntrack_max']);

function confKeys(scope: string): [string, string][] {
  return [
    ...Object.entries(CONF4).map(([k, v]): [string, string] => [`net.ipv4.conf.${scope}.${k}`, v]),
    ...Object.entries(CONF6).map(([k, v]): [string, string] => [`net.ipv6.conf.${scope}.${k}`, v]),
  ];
}

export function newSysctls(): Map<string, string> {
  return new Map([...Object.entries(GLOBAL), ...confKeys('all'), ...confKeys('default')]);
}

/** The kernel default of a key, for the dump's "non-default" filter. */
export function sysctlDefault(key: string): string | undefined {
  if (key in GLOBAL) return GLOBAL[key];
  const conf = /^net\.ipv([46])\.conf\.[^.]+\.([a-z_0-9]+)$/.exec(key);
  if (!conf) return undefined;
  return (conf[1] === '4' ? CONF4 : CONF6)[conf[2]!];
}

/**
 * A new device copies `conf.default` (devinet_init). sysctl(8) turns dots into slashes, so a device
 * whose name has a dot (flannel.1) is unreachable by dotted key; the fake creates no keys for it.
 */
export function addLinkSysctls(link: FakeLink): void {
  if (link.name.includes('.')) return;
  const map = link.netns.sysctl;
  for (const [key] of confKeys(link.name)) {
    map.set(key, map.get(key.replace(`.conf.${link.name}.`, '.conf.default.'))!);
  }
}

export function removeLinkSysctls(link: FakeLink): void {
  for (const [key] of confKeys(link.name)) {
    link.netns.sysctl.delete(key);
    link.netns.sysctlWritten.delete(key);
  }
}

export function getSysctl(ns: FakeNetns, argv: readonly string[], key: string): string {
  const value = ns.sysctl.get(key);
  if (value === undefined) fail(argv, noSuchKey(key), 255);
  return value;
}

export function setSysctl(ns: FakeNetns, argv: readonly string[], key: string, value: string): void {
  const current = getSysctl(ns, argv, key);
  const refused = `sysctl: setting key "${key}": Invalid argument`;
  if (READ_ONLY_IN_CHILD.has(key) && ns.name !== null) fail(argv, refused, 0);
  const normalized = current.includes('\t') ? value.trim().split(/\s+/).join('\t') : value;
  const shape = current.includes('\t') ? /^-?\d+\t-?\d+$/ : /^-?\d+$/;
  if (!shape.test(normalized)) fail(argv, refused, 1);
  ns.sysctl.set(key, normalized);
  const conf = confKey(key);
  if (key === 'net.ipv4.ip_forward' || key === 'net.ipv4.conf.all.forwarding') {
    // inet_forward_change(): one switch that also flips default and every device.
    for (const k of ns.sysctl.keys()) if (confKey(k)?.name === 'forwarding') ns.sysctl.set(k, normalized);
    ns.sysctl.set('net.ipv4.ip_forward', normalized);
  } else if (conf?.scope === 'default' && conf.name !== 'forwarding') {
    // devinet_copy_dflt_conf(): devices follow default for every key not written on them.
    for (const k of ns.sysctl.keys()) {
      const device = confKey(k);
      const follows = device && !['all', 'default'].includes(device.scope) && !ns.sysctlWritten.has(k);
      if (follows && device.name === conf.name) ns.sysctl.set(k, normalized);
    }
  } else if (conf && conf.scope !== 'all') {
    ns.sysctlWritten.add(key);
  }
}

/** net.ipv4.conf.<scope>.<name> */
function confKey(key: string): { scope: string; name: string } | undefined {
  const match = /^net\.ipv4\.conf\.([^.]+)\.([a-z_0-9]+)$/.exec(key);
  return match ? { scope: match[1]!, name: match[2]! } : undefined;
}

const noSuchKey = (key: string) =>
  `sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: No such file or directory`;
