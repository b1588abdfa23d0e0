import type { AttachmentRef, CniResult, PluginConf } from './types.js';

/** What every request carries: the network's name and the version spoken with this plugin. */
export interface RequestBase {
  readonly name: string;
  readonly cniVersion: string;
}

/**
 * The stdin of an ADD, DEL or CHECK (spec "Deriving request configuration"): the plugin's config
 * unchanged, plus `name`, `cniVersion`, `prevResult` (when there is one) and `runtimeConfig`.
 * Like libcni, `capabilities` stays as written.
 */
export function attachmentRequest(
  plugin: PluginConf,
  base: RequestBase,
  prevResult: CniResult | undefined,
  capabilityArgs: Readonly<Record<string, unknown>> | undefined,
): string {
  const runtimeConfig = filterCapabilities(plugin, capabilityArgs);
  return JSON.stringify({
    ...plugin,
    name: base.name,
    cniVersion: base.cniVersion,
    ...(prevResult ? { prevResult } : {}),
    ...(runtimeConfig ? { runtimeConfig } : {}),
  });
}

/**
 * `runtimeConfig` holds only the capability args the plugin declares with `capabilities: {x: true}`
 * (libcni injectRuntimeConfig); none at all means no `runtimeConfig` key.
 */
export function filterCapabilities(
  plugin: PluginConf,
  capabilityArgs: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (!capabilityArgs) return undefined;
  const declared = Object.entries(plugin.capabilities ?? {}).filter(([, on]) => on === true);
  const picked = declared
    .filter(([cap]) => Object.hasOwn(capabilityArgs, cap) && capabilityArgs[cap] !== undefined)
    .map(([cap]) => [cap, capabilityArgs[cap]] as const);
  return picked.length > 0 ? Object.fromEntries(picked) : undefined;
}

/**
 * The stdin of a GC: the still-valid attachments under the spec's key, and again under
 * `cni.dev/attachments`, the name the spec first used (libcni sends both, containernetworking/cni#1101).
 */
export function gcRequest(plugin: PluginConf, base: RequestBase, valid: readonly AttachmentRef[]): string {
  const attachments = valid.map((a) => ({ containerID: a.containerId, ifname: a.ifName }));
  return JSON.stringify({
    ...plugin,
    name: base.name,
    cniVersion: base.cniVersion,
    'cni.dev/valid-attachments': attachments,
    'cni.dev/attachments': attachments,
  });
}

export const statusRequest = (plugin: PluginConf, base: RequestBase): string =>
  JSON.stringify({ ...plugin, name: base.name, cniVersion: base.cniVersion });
