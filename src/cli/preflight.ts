import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { FlatnetError } from '../lib/errors.js';

/** Which Debian package provides each tool, for the one-line error. */
const PACKAGES: Record<string, string> = {
  ip: 'iproute2',
  bridge: 'iproute2',
  ping: 'iputils-ping',
  nft: 'nftables',
  sysctl: 'procps',
};

export function findInPath(tool: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export function requireRoot(command: string): void {
  if (process.getuid?.() !== 0) {
    throw new FlatnetError(
      'EPERM',
      `"flatnet ${command}" must run as root (network namespaces need CAP_NET_ADMIN)`,
    );
  }
}

export function requireTools(tools: readonly string[]): void {
  const missing = tools.filter((t) => findInPath(t) === undefined);
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((t) => PACKAGES[t] ?? t))].join(' ');
    throw new FlatnetError(
      'ETOOL',
      `missing system tool${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: install with "apt-get install ${pkgs}" (or run scripts/setup)`,
    );
  }
}

/** Root plus the tools every lab command uses. */
export function preflight(command: string): void {
  requireRoot(command);
  requireTools(['ip', 'bridge', 'ping', 'sysctl']);
}
