import { stat } from 'node:fs/promises';
import { VERSION_ENV } from './env.js';
import { isCniError } from './errors.js';
import { findPlugin, invoke } from './invoke.js';
import type { NetworkConfigList, PluginConf, PluginExec } from './types.js';
import { CURRENT_VERSION, negotiate, parseVersionInfo } from './version.js';

/** A plugin of the network, ready to run: where it is and which spec version to speak with it. */
export interface ResolvedPlugin {
  readonly conf: PluginConf;
  readonly path: string;
  readonly cniVersion: string;
}

interface KnownVersions {
  readonly signature: string;
  readonly versions: readonly string[];
}

/**
 * Finds each plugin of a list and negotiates its version (libcni ValidateNetworkList, extended to
 * negotiation). VERSION replies are remembered per binary until its size, mtime or inode change,
 * so a pod ADD costs no extra process once the plugins are known.
 */
export class PluginResolver {
  private readonly known = new Map<string, KnownVersions>();

  constructor(
    private readonly binDirs: readonly string[],
    private readonly exec: PluginExec,
    private readonly busyRetryDelayMs: number,
  ) {}

  async resolve(list: NetworkConfigList): Promise<ResolvedPlugin[]> {
    const resolved: ResolvedPlugin[] = [];
    for (const conf of list.plugins) {
      const path = await findPlugin(conf.type, this.binDirs);
      const versions = await this.versions(conf.type, path);
      resolved.push({ conf, path, cniVersion: negotiate(list.cniVersion, versions, conf.type) });
    }
    return resolved;
  }

  private async versions(type: string, path: string): Promise<readonly string[]> {
    const st = await stat(path);
    const signature = `${st.ino}:${st.size}:${st.mtimeMs}`;
    const cached = this.known.get(path);
    if (cached?.signature === signature) return cached.versions;
    const versions = await this.askVersion(type, path);
    this.known.set(path, { signature, versions });
    return versions;
  }

  private async askVersion(type: string, path: string): Promise<readonly string[]> {
    const stdin = JSON.stringify({ cniVersion: CURRENT_VERSION });
    const inv = { command: 'VERSION', plugin: type, path, env: { ...VERSION_ENV }, stdin } as const;
    try {
      return parseVersionInfo(await invoke(this.exec, inv, this.busyRetryDelayMs), type);
    } catch (err) {
      // libcni GetVersionInfo: a plugin older than VERSION itself speaks 0.1.0 only.
      if (isCniError(err) && err.msg === 'unknown CNI_COMMAND: VERSION') return ['0.1.0'];
      throw err;
    }
  }
}
