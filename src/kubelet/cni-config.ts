import { formatCidr, formatIPv4, nthAddress, parseCidr } from '../lib/ipv4.js';

/**
 * The node's CNI network, written from its podCIDR once the control plane assigns one: our bridge
 * plugin (cni0 holds the gateway, the first address) with our host-local-style IPAM over the podCIDR,
 * then the reference loopback plugin. Pod-to-pod traffic leaves through cni0 into the node's routing;
 * masquerade for traffic leaving the cluster is the node agent's job, not the plugin's (ipMasq off).
 */

export const NETWORK_NAME = 'flatnet';
export const CONFLIST_FILE = '10-flatnet.conflist';

/** Our plugins, or Debian's reference bridge + host-local (the same network, to prove spec compliance). */
export type CniPlugins = 'flatnet' | 'reference';

export interface NodeNetwork {
  readonly plugins?: CniPlugins;
  readonly podCidr: string;
  /** Pod interface MTU: the underlay's minus the backend's encapsulation. */
  readonly mtu: number;
  /** Where IPAM keeps its reservations (per node: lab nodes share one filesystem). */
  readonly ipamDataDir: string;
  readonly cniVersion?: string;
}

export function nodeConflist(net: NodeNetwork): Record<string, unknown> {
  const cidr = parseCidr(net.podCidr, { strict: true });
  const gateway = formatIPv4(nthAddress(cidr, 1));
  const reference = net.plugins === 'reference';
  return {
    // Debian's reference plugins speak up to 1.0.0; ours negotiate 1.1.0 features (GC, STATUS) per plugin.
    cniVersion: net.cniVersion ?? '1.0.0',
    name: NETWORK_NAME,
    plugins: [
      {
        type: reference ? 'bridge' : 'flatnet-bridge',
        bridge: 'cni0',
        isGateway: true,
        isDefaultGateway: true,
        hairpinMode: true,
        ipMasq: false,
        mtu: net.mtu,
        ipam: {
          type: reference ? 'host-local' : 'flatnet-ipam',
          dataDir: net.ipamDataDir,
          ranges: [[{ subnet: formatCidr(cidr), gateway }]],
        },
      },
      { type: 'loopback' },
    ],
  };
}
