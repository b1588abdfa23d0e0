import { runCommand, type CommandRunner } from '../kernel/exec.js';
import { RealKernel } from '../kernel/real/real-kernel.js';
import type { NodeStateCache } from './bridge/node-state.js';
import { DiskStore } from './ipam/disk-store.js';
import { processLock, type LockFile } from './ipam/file-lock.js';
import { createPluginRunner } from './plugins.js';
import { spawnPlugin } from './spec/delegate.js';
import { inspectNetns } from './spec/netns.js';
import type { RunPlugin } from './spec/plugin-main.js';

/**
 * Our plugins on the real kernel and the disk store, run in this process: what the executables
 * and the resident CNI server both run. This process's namespace is the node's (SPEC.md: the
 * runtime runs plugins "in the runtime's networking domain"); containers are reached by CNI_NETNS.
 * The resident server passes its own ways to run ip, nft and sysctl and to lock the IPAM store
 * (server/spawner.ts, server/flock-holders.ts) and remembers the node's state between calls
 * (bridge/node-state.ts); an executable uses the defaults and remembers nothing.
 */
export interface RealPluginOptions {
  readonly commands?: CommandRunner;
  readonly lockFile?: LockFile;
  readonly nodeState?: NodeStateCache;
}

export function realPluginRunner(opts: RealPluginOptions = {}): RunPlugin {
  const kernel = new RealKernel(opts.commands ?? runCommand);
  return createPluginRunner({
    node: kernel.host(null),
    openNetns: (path) => kernel.hostAtPath(path),
    inspectNetns,
    openStore: (conf) => new DiskStore(conf.dataDir, conf.network, opts.lockFile ?? processLock),
    spawn: spawnPlugin,
    ...(opts.nodeState && { nodeState: opts.nodeState }),
  });
}
