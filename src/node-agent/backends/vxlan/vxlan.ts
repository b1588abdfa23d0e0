import { ipInCidr, networkAddress } from '../../addressing.js';
import { REASON_INVALID_LEASE, VTEP_NAME, VXLAN_OVERHEAD, VXLAN_VNI } from '../../names.js';
import type { Backend, ExternalInterface, Lease, Network, PeerPlan } from '../backend.js';
import { vtepMacAfter, vtepPlan, vtepSpec } from './device.js';

/**
 * vxlan (flannel `pkg/backend/vxlan`, the third-generation static scheme described in vxlan.go):
 * per remote node one permanent neighbour (remote subnet .0 -> remote VtepMAC), one permanent FDB
 * entry (VtepMAC -> remote public IP) and one onlink route (remote subnet via remote subnet .0 dev
 * flannel.1). flannel's handleSubnetEvents adds them in that order ("the kernel would ARP for the Gw
 * IP address if it hadn't already been set above so make sure this is done last").
 * `directRouting` (flannel's DirectRouting) routes L2-adjacent peers via their public IP instead.
 */

export interface VxlanConfig {
  readonly directRouting?: boolean;
}

/** flannel's vxlanLeaseAttrs, as it marshals them into the `backend-data` annotation. */
export interface VxlanLeaseAttrs {
  readonly VNI: number;
  readonly VtepMAC: string;
}

const UNICAST_MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function vxlanBackend(config: VxlanConfig = {}): Backend {
  return {
    type: 'vxlan',
    mtu: (ext) => ext.mtu - VXLAN_OVERHEAD,
    network: (ext, subnet) => vxlanNetwork(ext, subnet, config),
  };
}

function vxlanNetwork(ext: ExternalInterface, subnet: string, config: VxlanConfig): Network {
  const spec = vtepSpec(ext, subnet);
  return {
    mtu: ext.mtu - VXLAN_OVERHEAD,
    devices: [VTEP_NAME],
    device: (view) => vtepPlan(view, spec, subnet),
    backendData: (view): VxlanLeaseAttrs => ({ VNI: VXLAN_VNI, VtepMAC: vtepMacAfter(view, spec) }),
    peer: (lease) => peerPlan(ext, lease, config),
  };
}

function peerPlan(ext: ExternalInterface, lease: Lease, config: VxlanConfig): PeerPlan {
  const attrs = parseAttrs(lease.backendData);
  if (typeof attrs === 'string') {
    return {
      refused: { about: 'peer', reason: REASON_INVALID_LEASE, message: `node ${lease.node}: ${attrs}` },
    };
  }
  if (config.directRouting && ipInCidr(ext.subnet, lease.publicIp)) {
    return {
      entries: {
        neighbours: [],
        fdb: [],
        routes: [{ dst: lease.subnet, via: lease.publicIp, dev: ext.name }],
      },
    };
  }
  const gateway = networkAddress(lease.subnet);
  return {
    entries: {
      neighbours: [{ ip: gateway, mac: attrs.VtepMAC, dev: VTEP_NAME }],
      fdb: [{ mac: attrs.VtepMAC, dev: VTEP_NAME, dst: lease.publicIp }],
      routes: [{ dst: lease.subnet, via: gateway, dev: VTEP_NAME, onlink: true }],
    },
  };
}

/** The peer's backend data, or why it is unusable. */
export function parseAttrs(data: unknown): VxlanLeaseAttrs | string {
  if (typeof data !== 'object' || data === null) return `backend-data is not a {"VNI","VtepMAC"} object`;
  const { VNI, VtepMAC } = data as Record<string, unknown>;
  if (VNI !== VXLAN_VNI) return `backend-data VNI ${JSON.stringify(VNI)} is not ${VXLAN_VNI}`;
  const mac = typeof VtepMAC === 'string' ? VtepMAC.toLowerCase() : '';
  // A VTEP MAC must be unicast (lowest bit of the first octet clear) and not all zeros.
  if (!UNICAST_MAC.test(mac) || parseInt(mac.slice(0, 2), 16) % 2 === 1 || mac === '00:00:00:00:00:00')
    return `backend-data VtepMAC ${JSON.stringify(VtepMAC)} is not a unicast MAC`;
  return { VNI, VtepMAC: mac };
}
