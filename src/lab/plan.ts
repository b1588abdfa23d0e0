import type { KernelOp } from '../kernel/types.js';
import { controlIp, externalIp, nodeIp, underlayPrefix, type LabConfig } from './config.js';
import {
  CONTROL_HOST_NAME,
  EXTERNAL_HOST_NAME,
  HOST_UPLINK,
  SWITCH_BRIDGE,
  SWITCH_HOST,
  hostNetns,
  nodeHostName,
  switchPort,
  type HostRole,
} from './naming.js';

export interface LabHost {
  readonly name: string;
  readonly role: HostRole;
  readonly netns: string;
  /** Underlay address (none for the switch, which is pure L2). */
  readonly ip?: string;
}

export interface LabPlan {
  readonly hosts: readonly LabHost[];
  /** Ops run in the switch namespace: the bridge and one veth per host, whose far end lands in the host. */
  readonly switchOps: readonly KernelOp[];
  /** Ops run in each host's namespace after the switch is wired. */
  readonly hostOps: ReadonlyMap<string, readonly KernelOp[]>;
}

export function labHosts(config: LabConfig): LabHost[] {
  const hosts: LabHost[] = [
    { name: SWITCH_HOST, role: 'switch', netns: hostNetns(config.name, SWITCH_HOST) },
    {
      name: CONTROL_HOST_NAME,
      role: 'control',
      netns: hostNetns(config.name, CONTROL_HOST_NAME),
      ip: controlIp(config),
    },
  ];
  for (let i = 1; i <= config.nodes; i++) {
    const name = nodeHostName(i);
    hosts.push({ name, role: 'node', netns: hostNetns(config.name, name), ip: nodeIp(config, i) });
  }
  hosts.push({
    name: EXTERNAL_HOST_NAME,
    role: 'external',
    netns: hostNetns(config.name, EXTERNAL_HOST_NAME),
    ip: externalIp(config),
  });
  return hosts;
}

/** Pure: the whole datacenter as kernel ops. Veths are created from the switch straight into each host. */
export function planLab(config: LabConfig): LabPlan {
  const hosts = labHosts(config);
  const attached = hosts.filter((h) => h.role !== 'switch');
  const switchOps: KernelOp[] = [
    { op: 'link.add', link: { kind: 'bridge', name: SWITCH_BRIDGE } },
    { op: 'link.set', name: SWITCH_BRIDGE, change: { up: true } },
  ];
  for (const host of attached) {
    const port = switchPort(host.name);
    switchOps.push(
      { op: 'link.add', link: { kind: 'veth', name: port, peer: { name: HOST_UPLINK, netns: host.netns } } },
      { op: 'link.set', name: port, change: { master: SWITCH_BRIDGE, up: true } },
    );
  }
  const prefix = underlayPrefix(config);
  const hostOps = new Map<string, KernelOp[]>();
  for (const host of attached) {
    hostOps.set(host.name, [
      { op: 'link.set', name: 'lo', change: { up: true } },
      { op: 'addr.add', address: { dev: HOST_UPLINK, cidr: `${host.ip}/${prefix}` } },
      { op: 'link.set', name: HOST_UPLINK, change: { up: true } },
    ]);
  }
  hostOps.set(SWITCH_HOST, [{ op: 'link.set', name: 'lo', change: { up: true } }]);
  return { hosts, switchOps, hostOps };
}
