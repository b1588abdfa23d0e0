import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_PLUGIN, IPAM_PLUGIN } from './plugin-names.js';
import { forwardingShimText, shellQuote } from './server/shim.js';

/**
 * Installs the plugins into a CNI bin directory as tiny shims, so a runtime finds `flatnet-bridge`
 * and `flatnet-ipam` by `type` as it finds any plugin: either `exec node` on the compiled entry
 * points, or (with a CNI server) bash shims that forward to it and fall back to the former.
 */

export { BRIDGE_PLUGIN, IPAM_PLUGIN } from './plugin-names.js';
export { shellQuote } from './server/shim.js';

const ENTRY_POINTS: Readonly<Record<string, string>> = {
  [BRIDGE_PLUGIN]: fileURLToPath(new URL('./bridge/main.js', import.meta.url)),
  [IPAM_PLUGIN]: fileURLToPath(new URL('./ipam/main.js', import.meta.url)),
};

export interface InstallOptions {
  /** The Node.js that runs the plugins (default: this one). */
  readonly node?: string;
  /** The resident CNI server the shims forward to (server/): its port and credentials file. */
  readonly server?: { readonly port: number; readonly tokenFile: string };
}

export function shimText(entryPoint: string, node = process.execPath): string {
  return `#!/bin/sh\nexec ${shellQuote(node)} ${shellQuote(entryPoint)} "$@"\n`;
}

/**
 * Writes each shim next to its final name and renames it into place: a runtime executing the old
 * file meanwhile never sees a half-written one (nor gets ETXTBSY). Returns the installed paths.
 */
export async function installPlugins(binDir: string, opts: InstallOptions = {}): Promise<string[]> {
  const node = opts.node ?? process.execPath;
  await mkdir(binDir, { recursive: true });
  const installed: string[] = [];
  for (const [plugin, entryPoint] of Object.entries(ENTRY_POINTS)) {
    const target = join(binDir, plugin);
    const temp = `${target}.tmp-${process.pid}`;
    const text = opts.server
      ? forwardingShimText({ plugin, node, entryPoint, ...opts.server })
      : shimText(entryPoint, node);
    await writeFile(temp, text, { mode: 0o755 });
    await chmod(temp, 0o755);
    await rename(temp, target);
    installed.push(target);
  }
  return installed;
}
