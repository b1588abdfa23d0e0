import { basename } from 'node:path';
import type { HostKernel } from '../kernel/types.js';
import type { NodeStateCache } from './bridge/node-state.js';
import { bridgePlugin } from './bridge/plugin.js';
import type { IpamConfig } from './ipam/config.js';
import { ipamPlugin } from './ipam/plugin.js';
import type { Store } from './ipam/store.js';
import { BRIDGE_PLUGIN, IPAM_PLUGIN } from './plugin-names.js';
import { delegateRunner, type DelegateRunner, type PluginExec } from './spec/delegate.js';
import type { CniEnv } from './spec/env.js';
import type { NetnsInspector } from './spec/netns.js';
import {
  invokePlugin,
  type PluginCall,
  type PluginOutput,
  type PluginReply,
  type RunPlugin,
} from './spec/plugin-main.js';

/**
 * Our plugins by name, run in this process: `runPlugin(name, env, stdin)` is what an executable
 * does with its environment and stdin, and what the resident CNI server does with a forwarded call.
 * Each call collects its own stderr (its logs and its delegates'), so calls can run concurrently.
 */

export interface PluginDeps {
  /** The namespace this process runs in: the node's. */
  readonly node: HostKernel;
  /** A container's namespace from CNI_NETNS. */
  openNetns(path: string): HostKernel;
  readonly inspectNetns: NetnsInspector;
  /** flatnet-ipam's store for one network. */
  openStore(conf: IpamConfig): Store;
  /** Runs a delegated plugin that is not ours (host-local, ...); its stderr goes to `stderr`. */
  spawn(stderr: (text: string) => void): PluginExec;
  /** The node's state across calls: the resident server's (bridge/node-state.ts). */
  readonly nodeState?: NodeStateCache;
}

export function createPluginRunner(deps: PluginDeps): RunPlugin {
  const runPlugin: RunPlugin = async (name, env, stdin) => {
    let stderr = '';
    const call: PluginCall = { env, stdin, stderr: (text) => void (stderr += text) };
    const { exitCode, stdout } = await invokeByName(name, call, deps, runPlugin);
    return { exitCode, stdout, stderr };
  };
  return runPlugin;
}

function invokeByName(
  name: string,
  call: PluginCall,
  deps: PluginDeps,
  run: RunPlugin,
): Promise<PluginReply> {
  const log = call.stderr;
  switch (name) {
    case BRIDGE_PLUGIN: {
      const exec = delegateExec(run, deps.spawn(log), log);
      const { node, inspectNetns, nodeState } = deps;
      const openNetns = (path: string): HostKernel => deps.openNetns(path);
      const delegate = (env: CniEnv): DelegateRunner => delegateRunner(env, exec);
      const bridge = bridgePlugin({
        node,
        openNetns,
        inspectNetns,
        delegate,
        log,
        ...(nodeState && { nodeState }),
      });
      return invokePlugin(bridge, call);
    }
    case IPAM_PLUGIN:
      return invokePlugin(ipamPlugin({ openStore: (conf) => deps.openStore(conf), log }), call);
    default:
      throw new Error(`no plugin named ${JSON.stringify(name)}`);
  }
}

/**
 * Delegation keeps libcni's lookup (the first `ipam.type` along CNI_PATH, the same errors when it
 * is missing), then runs flatnet-ipam here instead of starting a second Node.js for it (~80 ms,
 * most of what an ADD cost). Anything else (host-local, dhcp...) is executed as before.
 */
function delegateExec(run: RunPlugin, spawn: PluginExec, log: (text: string) => void): PluginExec {
  return async (file, env, stdin) => {
    if (basename(file) !== IPAM_PLUGIN) return spawn(file, env, stdin);
    const out: PluginOutput = await run(IPAM_PLUGIN, env, stdin);
    log(out.stderr);
    return { code: out.exitCode, stdout: out.stdout };
  };
}
