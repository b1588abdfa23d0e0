import { attachmentEnv, type CniArgs } from './env.js';
import { invoke } from './invoke.js';
import type { ResolvedPlugin } from './plugins.js';
import { attachmentRequest } from './request.js';
import { convertResult, parseResult } from './result.js';
import type { Attachment, CniCommand, CniResult, NetworkConfigList, PluginExec } from './types.js';

export interface ChainDeps {
  readonly exec: PluginExec;
  readonly binDirs: readonly string[];
  readonly busyRetryDelayMs: number;
}

/** One attachment operation over a network whose plugins are found and version-negotiated. */
export interface ChainRun {
  readonly list: NetworkConfigList;
  readonly plugins: readonly ResolvedPlugin[];
  readonly att: Attachment;
  readonly args: CniArgs;
  readonly capabilityArgs: Readonly<Record<string, unknown>> | undefined;
}

/**
 * ADD in list order; each plugin gets the previous plugin's result as `prevResult`, converted to
 * the version spoken with it. The final result comes back in the list's version.
 */
export async function addChain(deps: ChainDeps, run: ChainRun): Promise<CniResult> {
  let result: CniResult | undefined;
  for (const plugin of run.plugins) {
    const prev = result && convertResult(result, plugin.cniVersion);
    const stdout = await runPlugin(deps, 'ADD', run, plugin, prev);
    result = parseResult(stdout, plugin.cniVersion, plugin.conf.type);
  }
  // parseNetworkConfig guarantees at least one plugin.
  return convertResult(result!, run.list.cniVersion);
}

/** DEL in reverse order; every plugin gets the cached ADD result (spec), or none without a cache. */
export async function delChain(deps: ChainDeps, run: ChainRun, cached: CniResult | undefined): Promise<void> {
  for (const plugin of [...run.plugins].reverse()) {
    await runPlugin(deps, 'DEL', run, plugin, cached && convertResult(cached, plugin.cniVersion));
  }
}

/** CHECK in list order, each plugin with the cached ADD result; the first error stops it. */
export async function checkChain(deps: ChainDeps, run: ChainRun, cached: CniResult): Promise<void> {
  for (const plugin of run.plugins) {
    await runPlugin(deps, 'CHECK', run, plugin, convertResult(cached, plugin.cniVersion));
  }
}

function runPlugin(
  deps: ChainDeps,
  command: CniCommand,
  run: ChainRun,
  plugin: ResolvedPlugin,
  prevResult: CniResult | undefined,
): Promise<string> {
  const base = { name: run.list.name, cniVersion: plugin.cniVersion };
  return invoke(
    deps.exec,
    {
      command,
      plugin: plugin.conf.type,
      path: plugin.path,
      env: attachmentEnv(command, run.att, run.args, deps.binDirs),
      stdin: attachmentRequest(plugin.conf, base, prevResult, run.capabilityArgs),
    },
    deps.busyRetryDelayMs,
  );
}
