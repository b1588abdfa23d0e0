import { mapLimit } from '../lib/concurrency.js';
import type { Kernel } from '../kernel/types.js';
import { HOST_UPLINK, SWITCH_BRIDGE } from './naming.js';
import type { LabHost } from './plan.js';
import { readState, type LabPhase } from './state.js';

export type HostHealth = 'ok' | 'missing' | 'link-down' | 'unreachable';

export interface HostStatus extends LabHost {
  readonly health: HostHealth;
  readonly addresses: readonly string[];
  readonly detail?: string;
}

export interface LabStatus {
  readonly name: string;
  readonly phase: LabPhase;
  readonly createdAt: string;
  readonly underlay: string;
  readonly healthy: boolean;
  readonly hosts: readonly HostStatus[];
}

/** Inspects every host of a lab: namespace present, uplink up with its address, reachable over the underlay. */
export async function labStatus(name: string, kernel: Kernel): Promise<LabStatus | undefined> {
  const state = await readState(name);
  if (!state) return undefined;
  const present = new Set(await kernel.listNetns());
  const external = state.hosts.find((h) => h.role === 'external');
  const hosts = await mapLimit(state.hosts, 8, (host) =>
    inspectHost(
      kernel,
      host,
      present.has(host.netns),
      external && present.has(external.netns) ? external : undefined,
    ),
  );
  return {
    name,
    phase: state.phase,
    createdAt: state.createdAt,
    underlay: state.config.underlay,
    healthy: state.phase === 'ready' && hosts.every((h) => h.health === 'ok'),
    hosts,
  };
}

async function inspectHost(
  kernel: Kernel,
  host: LabHost,
  exists: boolean,
  prober: LabHost | undefined,
): Promise<HostStatus> {
  if (!exists) return { ...host, health: 'missing', addresses: [], detail: 'network namespace not found' };
  const k = kernel.host(host.netns);
  if (host.role === 'switch') {
    const bridge = await k.getLink(SWITCH_BRIDGE);
    const ports = (await k.listLinks()).filter((l) => l.master === SWITCH_BRIDGE && l.up).length;
    return bridge?.up
      ? { ...host, health: 'ok', addresses: [], detail: `${ports} ports up` }
      : { ...host, health: 'link-down', addresses: [], detail: `${SWITCH_BRIDGE} is down or missing` };
  }
  const uplink = await k.getLink(HOST_UPLINK);
  const addresses = (await k.listAddresses(HOST_UPLINK).catch(() => [])).map((a) => a.cidr);
  if (!uplink?.up || !addresses.some((a) => a.startsWith(`${host.ip}/`))) {
    return {
      ...host,
      health: 'link-down',
      addresses,
      detail: `${HOST_UPLINK} is down or has lost ${host.ip}`,
    };
  }
  if (host.role === 'node' && prober && host.ip) {
    const reachable = await kernel
      .host(prober.netns)
      .exec(['ping', '-c', '1', '-W', '1', '-q', host.ip])
      .then(() => true)
      .catch(() => false);
    if (!reachable)
      return { ...host, health: 'unreachable', addresses, detail: `no ping reply from ${prober.name}` };
  }
  return { ...host, health: 'ok', addresses };
}
