import type { LinkInfo } from '../../../kernel/types.js';
import { ipInCidr } from '../../addressing.js';
import { REASON_ROUTE_REFUSED, VTEP_NAME } from '../../names.js';
import type {
  Backend,
  DevicePlan,
  ExternalInterface,
  HostView,
  Lease,
  Network,
  PeerPlan,
} from '../backend.js';

/**
 * host-gw (flannel `pkg/backend/hostgw` + `route_network.go`): no encapsulation, so pods get the
 * underlay MTU, and each remote podCIDR is routed via the remote node's public IP on the underlay
 * interface. That only works when the peer is on the same L2 segment; flannel would let the route
 * add fail with "network is unreachable" in its log, we refuse it up front with an event.
 */

export function hostGwBackend(): Backend {
  return {
    type: 'host-gw',
    mtu: (ext) => ext.mtu,
    network: (ext) => hostGwNetwork(ext),
  };
}

function hostGwNetwork(ext: ExternalInterface): Network {
  return {
    mtu: ext.mtu,
    devices: [],
    device: leftoverVtep,
    // flannel publishes no backend data for host-gw ("null" in the annotation).
    backendData: () => null,
    peer: (lease) => routeVia(ext, lease),
  };
}

function routeVia(ext: ExternalInterface, lease: Lease): PeerPlan {
  if (!ipInCidr(ext.subnet, lease.publicIp)) {
    return {
      refused: {
        about: 'local',
        reason: REASON_ROUTE_REFUSED,
        message:
          `host-gw cannot route ${lease.subnet} to node ${lease.node}: its public IP ${lease.publicIp} ` +
          `is not on the same L2 segment as ${ext.name} (${ext.subnet}); use the vxlan backend`,
      },
    };
  }
  return {
    entries: { neighbours: [], fdb: [], routes: [{ dst: lease.subnet, via: lease.publicIp, dev: ext.name }] },
  };
}

/** A VTEP left behind by the vxlan backend (the node ran it before): delete it and all it held. */
function leftoverVtep(view: HostView): DevicePlan {
  const vtep = view.links.find((l: LinkInfo) => l.name === VTEP_NAME && l.kind === 'vxlan');
  return vtep
    ? { ops: [{ op: 'link.delete', name: VTEP_NAME }], reset: [VTEP_NAME] }
    : { ops: [], reset: [] };
}
