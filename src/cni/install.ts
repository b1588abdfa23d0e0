import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Installs the plugins into a CNI bin directory as tiny shell shims that exec node on the compiled
 * entry points, so a runtime finds `flatnet-bridge` and `flatnet-ipam` by `type` as it finds any plugin.
 */

export const BRIDGE_PLUGIN = 'flatnet-bridge';
export const IPAM_PLUGIN = 'flatnet-ipam';

const ENTRY_POINTS: Readonly<Record<string, string>> = {
  [BRIDGE_PLUGIN]: fileURLToPath(new URL('./bridge/main.js', import.meta.url)),
  [IPAM_PLUGIN]: fileURLToPath(new URL('./ipam/main.js', import.meta.url)),
};

/** POSIX shell single quoting: the only character to escape is the quote itself. */
export const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

export function shimText(entryPoint: string, node = process.execPath): string {
  return `#!/bin/sh\nexec ${shellQuote(node)} ${shellQuote(entryPoint)} "$@"\n`;
}

/**
 * Writes each shim next to its final name and renames it into place: a runtime executing the old
 * file meanwhile never sees a half-written one (nor gets ETXTBSY). Returns the installed paths.
 */
export async function installPlugins(binDir: string, node = process.execPath): Promise<string[]> {
  await mkdir(binDir, { recursive: true });
  const installed: string[] = [];
  for (const [name, entryPoint] of Object.entries(ENTRY_POINTS)) {
    const target = join(binDir, name);
    const temp = `${target}.tmp-${process.pid}`;
    await writeFile(temp, shimText(entryPoint, node), { mode: 0o755 });
    await chmod(temp, 0o755);
    await rename(temp, target);
    installed.push(target);
  }
  return installed;
}
