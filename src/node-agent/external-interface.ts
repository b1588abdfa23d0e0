import type { HostKernel } from '../kernel/types.js';
import { FlatnetError } from '../lib/errors.js';
import { formatCidr, parseCidr } from '../lib/ipv4.js';
import type { ExternalInterface } from './backends/backend.js';

/**
 * flannel's LookupExtIface for `--iface-can-reach`-less setups: the interface that holds the node
 * IP is the underlay; its MTU bounds the pod MTU and its connected subnet is the L2 segment.
 */
export async function findExternalInterface(host: HostKernel, nodeIp: string): Promise<ExternalInterface> {
  const address = (await host.listAddresses()).find((a) => a.cidr.split('/')[0] === nodeIp);
  const link = address && (await host.getLink(address.dev));
  if (!address || !link) {
    throw new FlatnetError('ENOEXTIFACE', `no interface in this namespace holds the node IP ${nodeIp}`);
  }
  return { name: link.name, ip: nodeIp, subnet: formatCidr(parseCidr(address.cidr)), mtu: link.mtu };
}
