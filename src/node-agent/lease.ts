import type { Node } from '../client/objects.js';
import { isIPv4 } from '../lib/ipv4.js';
import { cidrInside, strictCidr } from './addressing.js';
import type { BackendType, Lease } from './backends/backend.js';
import {
  BACKEND_DATA_ANNOTATION,
  BACKEND_TYPE_ANNOTATION,
  PUBLIC_IP_ANNOTATION,
  REASON_INVALID_LEASE,
} from './names.js';

/**
 * Node <-> lease, as flannel's kube subnet manager reads and writes it: the subnet is the Node's
 * podCIDR (the controller-manager's node IPAM assigns it), the rest are annotations the node's own
 * agent publishes. Pure; a Node that cannot be read is a `LeaseProblem`, never an exception.
 */

export type LeaseRead =
  | { readonly lease: Lease }
  | { readonly problem: LeaseProblem; readonly subnet?: string }
  | { readonly noSubnet: true };

export interface LeaseProblem {
  readonly node: string;
  readonly reason: string;
  readonly message: string;
  /** Pending problems (the node's agent has not published yet) are logged, not recorded as events. */
  readonly pending?: boolean;
}

export const podCidrOf = (node: Node): string | undefined => node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR;

export function readLease(node: Node, clusterCidr: string): LeaseRead {
  const name = node.metadata.name ?? '';
  const subnet = podCidrOf(node);
  if (!subnet) return { noSubnet: true };
  const bad = (message: string, pending = false): LeaseRead => ({
    problem: { node: name, reason: REASON_INVALID_LEASE, message: `node ${name}: ${message}`, pending },
    ...(strictCidr(subnet) ? { subnet } : {}),
  });
  if (!strictCidr(subnet) || !cidrInside(clusterCidr, subnet))
    return bad(`podCIDR ${JSON.stringify(subnet)} is not a subnet of the cluster CIDR ${clusterCidr}`);
  const annotations = node.metadata.annotations ?? {};
  const type = annotations[BACKEND_TYPE_ANNOTATION];
  const publicIp = annotations[PUBLIC_IP_ANNOTATION];
  const data = annotations[BACKEND_DATA_ANNOTATION];
  if (type === undefined && publicIp === undefined && data === undefined)
    return bad('no backend annotations yet (its node agent has not published them)', true);
  if (!type) return bad(`annotation ${BACKEND_TYPE_ANNOTATION} is missing`);
  if (!publicIp || !isIPv4(publicIp))
    return bad(
      `annotation ${PUBLIC_IP_ANNOTATION} ${JSON.stringify(publicIp ?? null)} is not an IPv4 address`,
    );
  const backendData = parseJson(data);
  if (backendData === undefined)
    return bad(`annotation ${BACKEND_DATA_ANNOTATION} ${JSON.stringify(data ?? null)} is not JSON`);
  return { lease: { node: name, subnet, publicIp, backendType: type, backendData } };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The annotations this node publishes (flannel's lease attrs: type, public IP, backend data). */
export function leaseAnnotations(type: BackendType, publicIp: string, data: unknown): Record<string, string> {
  return {
    [BACKEND_TYPE_ANNOTATION]: type,
    [PUBLIC_IP_ANNOTATION]: publicIp,
    [BACKEND_DATA_ANNOTATION]: JSON.stringify(data ?? null),
  };
}

/** The merge patch that publishes `wanted`, or undefined when the Node already carries it. */
export function annotationPatch(
  node: Node,
  wanted: Record<string, string>,
): Record<string, unknown> | undefined {
  const current = node.metadata.annotations ?? {};
  const same = Object.entries(wanted).every(([key, value]) => current[key] === value);
  return same ? undefined : { metadata: { annotations: wanted } };
}
