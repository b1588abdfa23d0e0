import type { Node } from '../client/objects.js';
import type { Backend, ExternalInterface } from './backends/backend.js';
import { leaseAnnotations } from './lease.js';

/**
 * Fixture builders for the agent's tests (kube-network-policies style): `makeNode(name, ...tweaks)`.
 * Lab addressing: node i has underlay IP 172.30.0.(10+i) and podCIDR 10.244.(i-1).0/24.
 */

export const CLUSTER_CIDR = '10.244.0.0/16';

export const nodeIp = (i: number): string => `172.30.0.${10 + i}`;
export const podCidr = (i: number): string => `10.244.${i - 1}.0/24`;

export const extOf = (i: number, mtu = 1500): ExternalInterface => ({
  name: 'eth0',
  ip: nodeIp(i),
  subnet: '172.30.0.0/24',
  mtu,
});

export type NodeTweak = (node: Node) => void;

export function makeNode(name: string, ...tweaks: NodeTweak[]): Node {
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {} };
  for (const tweak of tweaks) tweak(node);
  return node;
}

export const withPodCidr =
  (cidr: string): NodeTweak =>
  (node) => {
    node.spec = { ...node.spec, podCIDR: cidr, podCIDRs: [cidr] };
  };

export const withAnnotations =
  (annotations: Record<string, string>): NodeTweak =>
  (node) => {
    node.metadata.annotations = { ...node.metadata.annotations, ...annotations };
  };

/** The annotations the node's own agent would publish (its VTEP created fresh, with the derived MAC). */
export const withLease =
  (backend: Backend, ext: ExternalInterface): NodeTweak =>
  (node) => {
    const subnet = node.spec?.podCIDR ?? '';
    const data = backend.network(ext, subnet).backendData({ links: [], addresses: [] });
    withAnnotations(leaseAnnotations(backend.type, ext.ip, data))(node);
  };

/** Node i of the lab with its podCIDR and, for remote nodes, the lease its agent publishes. */
export function labNode(i: number, backend: Backend, ...tweaks: NodeTweak[]): Node {
  return makeNode(`node-${i}`, withPodCidr(podCidr(i)), withLease(backend, extOf(i)), ...tweaks);
}
