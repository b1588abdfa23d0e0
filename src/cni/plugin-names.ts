/** Our plugins' names: their `type` in a network configuration and their file names in a bin dir. */

export const BRIDGE_PLUGIN = 'flatnet-bridge';
export const IPAM_PLUGIN = 'flatnet-ipam';
export const PLUGIN_NAMES = [BRIDGE_PLUGIN, IPAM_PLUGIN] as const;
export type PluginName = (typeof PLUGIN_NAMES)[number];

export const isPluginName = (name: string): name is PluginName =>
  (PLUGIN_NAMES as readonly string[]).includes(name);
