/**
 * Every kernel object a lab creates is named from here. Namespaces are `fn-<lab>.<host>`: lab names
 * cannot contain '.', so the prefix `fn-<lab>.` never matches another lab's namespaces, which is what
 * makes sweeping by prefix safe.
 */

export const NETNS_PREFIX = 'fn-';
export const SWITCH_HOST = 'switch';
export const EXTERNAL_HOST_NAME = 'external';
export const CONTROL_HOST_NAME = 'control';
/** The underlay bridge inside the switch namespace. */
export const SWITCH_BRIDGE = 'br0';
/** Every host's interface on the underlay. */
export const HOST_UPLINK = 'eth0';

export type HostRole = 'switch' | 'control' | 'node' | 'external';

export const nodeHostName = (index: number): string => `node-${index}`;

export const labNetnsPrefix = (lab: string): string => `${NETNS_PREFIX}${lab}.`;

export const hostNetns = (lab: string, host: string): string => `${labNetnsPrefix(lab)}${host}`;

/** The switch-side port for a host: `p-node-12`, `p-external` (at most 15 characters). */
export const switchPort = (host: string): string => (host === EXTERNAL_HOST_NAME ? 'p-ext' : `p-${host}`);

/** Lab name of a namespace that follows our naming, or undefined. */
export function labOfNetns(netns: string): string | undefined {
  const match = /^fn-([a-z0-9-]+)\.[a-z0-9-]+$/.exec(netns);
  return match?.[1];
}
