import type { KernelOp, LinkInfo, LinkSpec } from '../../../kernel/types.js';
import { parseCidr } from '../../../lib/ipv4.js';
import { networkAddress } from '../../addressing.js';
import { VTEP_NAME, VXLAN_OVERHEAD, VXLAN_PORT, VXLAN_VNI } from '../../names.js';
import type { DevicePlan, ExternalInterface, HostView } from '../backend.js';

/**
 * The VTEP (flannel `pkg/backend/vxlan/device.go`): `flannel.1`, VNI 1, UDP 8472, learning off (no
 * L2/L3 miss callouts: every entry is static), on the underlay interface with its IP as source,
 * MTU underlay - 50, and the subnet's network address as a /32 (no broadcast routes; it is the
 * source address of node-to-pod traffic). Like flannel's ensureLink, an existing compatible device
 * is kept as it is (its MAC too), so a restart changes nothing; an incompatible one is recreated.
 */

export type VtepSpec = Extract<LinkSpec, { kind: 'vxlan' }>;

/**
 * flannel picks a random MAC per device creation, so peers must relearn it after every reboot.
 * We derive it from the subnet (0a:58 + the address, the CNI convention for generated MACs): a
 * recreated VTEP keeps the MAC its peers already have.
 */
export function vtepMac(subnet: string): string {
  const ip = parseCidr(subnet).network;
  const bytes = [0x0a, 0x58, ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export function vtepSpec(ext: ExternalInterface, subnet: string): VtepSpec {
  return {
    kind: 'vxlan',
    name: VTEP_NAME,
    vni: VXLAN_VNI,
    port: VXLAN_PORT,
    local: ext.ip,
    dev: ext.name,
    learning: false,
    mtu: ext.mtu - VXLAN_OVERHEAD,
    mac: vtepMac(subnet),
  };
}

/** flannel's vxlanLinksIncompat, plus learning (the static scheme must not learn). Empty when compatible. */
export function incompatibility(link: LinkInfo, spec: VtepSpec): string {
  if (link.kind !== 'vxlan' || !link.vxlan) return `kind ${link.kind}`;
  const v = link.vxlan;
  if (v.vni !== spec.vni) return `vni ${v.vni}`;
  if (v.port !== spec.port) return `port ${v.port}`;
  if (v.local !== spec.local) return `local ${v.local ?? 'unset'}`;
  if (v.dev !== spec.dev) return `dev ${v.dev ?? 'unset'}`;
  if (v.learning !== spec.learning) return 'learning on';
  return '';
}

/** The ops that turn what the kernel has into the VTEP this node needs (none when it is right). */
export function vtepPlan(view: HostView, spec: VtepSpec, subnet: string): DevicePlan {
  const address = `${networkAddress(subnet)}/32`;
  const link = view.links.find((l) => l.name === spec.name);
  const fresh: KernelOp[] = [
    { op: 'link.add', link: spec },
    { op: 'addr.add', address: { dev: spec.name, cidr: address } },
    { op: 'link.set', name: spec.name, change: { up: true } },
  ];
  if (!link) return { ops: fresh, reset: [] };
  if (incompatibility(link, spec)) {
    return { ops: [{ op: 'link.delete', name: spec.name }, ...fresh], reset: [spec.name] };
  }
  const ops: KernelOp[] = [];
  if (link.mtu !== spec.mtu) ops.push({ op: 'link.set', name: spec.name, change: { mtu: spec.mtu } });
  const present = view.addresses.filter((a) => a.dev === spec.name).map((a) => a.cidr);
  // flannel's EnsureV4AddressOnLink: the one address, and no other (an old podCIDR's).
  for (const cidr of present.filter((c) => c !== address))
    ops.push({ op: 'addr.delete', address: { dev: spec.name, cidr } });
  if (!present.includes(address)) ops.push({ op: 'addr.add', address: { dev: spec.name, cidr: address } });
  if (!link.up) ops.push({ op: 'link.set', name: spec.name, change: { up: true } });
  return { ops, reset: [] };
}

/** The MAC the VTEP has after `vtepPlan` ran: the kept device's own, or the one it is created with. */
export function vtepMacAfter(view: HostView, spec: VtepSpec): string {
  const link = view.links.find((l) => l.name === spec.name);
  return link && !incompatibility(link, spec) ? link.mac : spec.mac!;
}
