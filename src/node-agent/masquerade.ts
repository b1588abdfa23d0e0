import { formatCidr, parseCidr } from '../lib/ipv4.js';
import { NAT_CHAIN, NAT_TABLE } from './names.js';

/**
 * Egress SNAT: pod traffic to destinations outside the cluster CIDR leaves with the node's IP;
 * replies come back through conntrack. Pod-to-pod and node-to-pod traffic is never rewritten (unlike
 * flannel's last rule, which masquerades host-to-remote-pod traffic: Kubernetes wants node agents to
 * reach pods without NAT). Multicast is left alone as flannel does. Written like flannel's nftables
 * manager: add the table and chain, flush the chain, add the rule, all in one transaction, so
 * re-applying is idempotent and atomic; established flows keep their conntrack NAT bindings. The
 * table is never deleted on exit (flannel's cleanUp does): a restart must not break egress.
 */

export const MULTICAST = '224.0.0.0/4';

export function masqueradeScript(clusterCidr: string): string {
  const cidr = formatCidr(parseCidr(clusterCidr, { strict: true }));
  return [
    `add table ip ${NAT_TABLE}`,
    `add chain ip ${NAT_TABLE} ${NAT_CHAIN} { type nat hook postrouting priority srcnat; policy accept; }`,
    `flush chain ip ${NAT_TABLE} ${NAT_CHAIN}`,
    `add rule ip ${NAT_TABLE} ${NAT_CHAIN} ip saddr ${cidr} ip daddr != ${cidr} ip daddr != ${MULTICAST} masquerade fully-random`,
    '',
  ].join('\n');
}
