import { createHash } from 'node:crypto';
import { parseIPv4 } from '../../lib/ipv4.js';

/** Every kernel object name flatnet-bridge creates, in one place. */

/** plugins/main/bridge: `defaultBrName`. */
export const DEFAULT_BRIDGE = 'cni0';

const hex8 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

/**
 * The host end of a pod's veth: `veth` + 8 hex digits (the reference's `veth%08x` shape), derived
 * from the attachment `(CNI_CONTAINERID, CNI_IFNAME)` instead of random, so DEL finds it even
 * without prevResult or the container's namespace.
 */
export function hostVethName(containerId: string, ifname: string): string {
  return `veth${hex8(`${containerId}/${ifname}`)}`;
}

/** 0a:58 + an IPv4: the OVN-Kubernetes convention for MACs derived from addresses. */
function ipMac(ip: string): string {
  const n = parseIPv4(ip);
  const octets = [0x0a, 0x58, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
}

/**
 * The bridge's MAC when we create it: 0a:58 + the gateway IPv4.
 * Setting it pins it: otherwise the bridge takes its smallest port's MAC, which changes as pods
 * come and go and leaves stale gateway entries in pods' ARP caches (the reference pins it too).
 */
export const bridgeMac = (gateway: string): string => ipMac(gateway);

/**
 * A pod's interface MAC: 0a:58 + its (first) IPv4, as OVN-Kubernetes does. An address that comes
 * back with another pod brings its MAC along, so ARP entries for it elsewhere stay right; and ADD
 * sets it rather than reading back what the kernel chose (one process less per pod).
 */
export const podMac = (ip: string): string => ipMac(ip);

/** The host end's MAC: locally administered unicast (02:...), from its name, set for the same reason. */
export function hostVethMac(hostVeth: string): string {
  const hash = createHash('sha256').update(`mac/${hostVeth}`).digest();
  return ['02', ...[...hash.subarray(0, 5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** nftables objects for `ipMasq`, all in the node's namespace (see masq.ts). */
export const MASQ_TABLE = 'flatnet_cni';
export const MASQ_MAP = 'masq_sources';
export const MASQ_POSTROUTING = 'postrouting';
/** One chain per network: its pods' traffic leaving the network's subnets is masqueraded. */
export const masqChain = (network: string): string => `masq_${hex8(network)}`;
