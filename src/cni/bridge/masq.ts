import { formatCidr, parseCidr } from '../../lib/ipv4.js';
import type { HostKernel, NftJson } from '../../kernel/types.js';
import { validateIp, validateNftName } from '../../kernel/validate.js';
import type { IpConfig } from '../spec/result.js';
import { MASQ_MAP, MASQ_POSTROUTING, MASQ_TABLE, masqChain } from './names.js';

/**
 * `ipMasq` in the node's namespace, with nftables (the reference's `ipMasqBackend: "nftables"` idea,
 * laid out for deletion by name, never by rule handle):
 *
 *   table ip flatnet_cni
 *     map masq_sources { ipv4_addr : verdict }        pod IP -> jump masq_<network hash>
 *     chain postrouting (nat, srcnat)                  ip saddr vmap @masq_sources
 *     chain masq_<hash>                                daddr in the network's subnets -> return,
 *                                                      daddr multicast -> return, else masquerade
 *
 * ADD adds the pod's map element (and rewrites the shared chains idempotently); DEL deletes the
 * elements of the pod's IPs that are present. Same exclusions as the reference's iptables chain
 * (pkg/ip/ipmasq_linux.go): the pod's own subnet and 224.0.0.0/4 are not masqueraded.
 */

const MULTICAST = '224.0.0.0/4';
const T = `ip ${MASQ_TABLE}`;

const hostIp = (ip: IpConfig): string => validateIp(ip.address.split('/')[0]!);

/** One transaction: the table, map and chains (re)declared, then the pod's elements. */
export function masqAddScript(network: string, ips: readonly IpConfig[]): string {
  const chain = validateNftName(masqChain(network));
  const subnets = [...new Set(ips.map((ip) => formatCidr(parseCidr(ip.address))))];
  const elements = ips.map((ip) => `${hostIp(ip)} : jump ${chain}`).join(', ');
  return [
    `add table ${T}`,
    `add map ${T} ${MASQ_MAP} { type ipv4_addr : verdict; }`,
    `add chain ${T} ${MASQ_POSTROUTING} { type nat hook postrouting priority srcnat; policy accept; }`,
    `flush chain ${T} ${MASQ_POSTROUTING}`,
    `add rule ${T} ${MASQ_POSTROUTING} ip saddr vmap @${MASQ_MAP}`,
    `add chain ${T} ${chain}`,
    `flush chain ${T} ${chain}`,
    ...subnets.map((s) => `add rule ${T} ${chain} ip daddr ${s} return`),
    `add rule ${T} ${chain} ip daddr ${MULTICAST} return`,
    `add rule ${T} ${chain} masquerade`,
    `add element ${T} ${MASQ_MAP} { ${elements} }`,
    '',
  ].join('\n');
}

/** The pod IPs the map holds now (`nft -j list ruleset`: map.elem = [[ip, verdict], ...]). */
export function masqElements(ruleset: NftJson): Set<string> {
  const found = new Set<string>();
  for (const entry of ruleset.nftables) {
    const map = entry['map'] as { table?: string; name?: string; elem?: unknown[] } | undefined;
    if (map?.table !== MASQ_TABLE || map.name !== MASQ_MAP) continue;
    for (const elem of map.elem ?? []) {
      const key = Array.isArray(elem) ? elem[0] : undefined;
      if (typeof key === 'string') found.add(key);
    }
  }
  return found;
}

/** nft 1.0.6 has no `destroy element`: delete only what is there, or the transaction fails. */
export function masqDelScript(present: ReadonlySet<string>, ips: Iterable<string>): string | undefined {
  const gone = [...new Set(ips)].filter((ip) => present.has(ip)).map(validateIp);
  return gone.length === 0 ? undefined : `delete element ${T} ${MASQ_MAP} { ${gone.join(', ')} }\n`;
}

export async function setupMasq(node: HostKernel, network: string, ips: readonly IpConfig[]): Promise<void> {
  if (ips.length > 0) await node.nftApply(masqAddScript(network, ips));
}

export async function teardownMasq(node: HostKernel, ips: Iterable<string>): Promise<void> {
  const script = masqDelScript(masqElements(await node.nftList()), ips);
  if (script !== undefined) await node.nftApply(script);
}
