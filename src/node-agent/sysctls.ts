import type { HostKernel } from '../kernel/types.js';
import type { ExternalInterface } from './backends/backend.js';

/**
 * The node's sysctls the network needs, as a pure plan over the values read. `ip_forward`: the node
 * routes between cni0, the underlay and the VTEP (a fresh namespace has it off). rp_filter: strict
 * mode (1) drops a packet whose best route back leaves by another interface, which is what a peer
 * that direct-routes to us while we encapsulate to it (direct routing on one side, a backend switch
 * in progress) produces; loose mode (2) still drops unroutable sources. Off (0) is left as it is.
 */

export const IP_FORWARD = 'net.ipv4.ip_forward';
const rpFilter = (scope: string): string => `net.ipv4.conf.${scope}.rp_filter`;

/** The keys to read: per-device keys exist only for names without a dot (sysctl(8) cannot address those). */
export function sysctlKeys(ext: ExternalInterface): string[] {
  return [IP_FORWARD, rpFilter('all'), ...(ext.name.includes('.') ? [] : [rpFilter(ext.name)])];
}

export function sysctlPlan(values: ReadonlyMap<string, string>): [string, string][] {
  const writes: [string, string][] = [];
  if (values.get(IP_FORWARD) !== '1') writes.push([IP_FORWARD, '1']);
  for (const [key, value] of values)
    if (key.endsWith('.rp_filter') && value.trim() === '1') writes.push([key, '2']);
  return writes;
}

/** Reads, plans and writes; returns what it changed (for the log). */
export async function ensureSysctls(host: HostKernel, ext: ExternalInterface): Promise<string[]> {
  const keys = sysctlKeys(ext);
  const values = await Promise.all(keys.map((k) => host.getSysctl(k)));
  const writes = sysctlPlan(new Map(keys.map((k, i) => [k, values[i]!.trim()])));
  for (const [key, value] of writes) await host.setSysctl(key, value);
  return writes.map(([key, value]) => `${key}=${value}`);
}
