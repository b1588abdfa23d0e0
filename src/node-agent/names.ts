/**
 * Every name the node agent writes into the API or the kernel, in one place. The annotation keys
 * follow flannel's kube subnet manager (`flannel.alpha.coreos.com/backend-type`, `public-ip`,
 * `backend-data`) under our own prefix.
 */

export const ANNOTATION_PREFIX = 'flatnet.io/';
export const BACKEND_TYPE_ANNOTATION = `${ANNOTATION_PREFIX}backend-type`;
export const PUBLIC_IP_ANNOTATION = `${ANNOTATION_PREFIX}public-ip`;
export const BACKEND_DATA_ANNOTATION = `${ANNOTATION_PREFIX}backend-data`;

/** flannel's default VXLAN: device `flannel.<VNI>`, VNI 1, the Linux-assigned port 8472 (not IANA's 4789). */
export const VXLAN_VNI = 1;
export const VXLAN_PORT = 8472;
export const VTEP_NAME = `flannel.${VXLAN_VNI}`;
/** Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14) headers: flannel's encapOverhead. */
export const VXLAN_OVERHEAD = 50;

/** The one nftables table the agent owns (flannel: `flannel-ipv4` with chain `postrtg`). */
export const NAT_TABLE = 'flatnet-nat';
export const NAT_CHAIN = 'postrouting';

/** The cluster's pod network (the controller-manager's --cluster-cidr default). */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';

/** Event reasons (Warning events; `kubectl describe node` shows them). */
export const REASON_INVALID_LEASE = 'InvalidNodeLease';
export const REASON_ROUTE_REFUSED = 'RouteRefused';
export const REASON_SYNC_FAILED = 'NetworkSyncFailed';

export const AGENT_COMPONENT = 'flatnet-node-agent';
