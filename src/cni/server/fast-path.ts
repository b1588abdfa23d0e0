import { NodeStateCache } from '../bridge/node-state.js';
import { installPlugins } from '../install.js';
import { serializedLock } from '../ipam/file-lock.js';
import { realPluginRunner } from '../real-plugins.js';
import { FlockHolders } from './flock-holders.js';
import { startCniServer, type CniServer, type CniServerEvent } from './server.js';
import { Spawner } from './spawner.js';

/**
 * The resident node process's side of the fast path (its composition): our plugins on the real
 * kernel with the spawner running their commands, the flock holders locking the IPAM stores and
 * the node's state remembered between calls, the CNI server on a free loopback port, then
 * shims that forward to it in the node's own CNI bin dir (in that order: a shim only ever names a
 * server that is listening).
 */

export interface FastPathOptions {
  readonly binDir: string;
  /** The credentials file: root-only, beside the bin dir (e.g. `<root>/cni/server.credentials`). */
  readonly tokenFile: string;
  readonly log?: (line: string) => void;
  /** Every call and refusal (tests and benchmarks count calls with it). */
  readonly onEvent?: (event: CniServerEvent) => void;
}

export async function startCniFastPath(opts: FastPathOptions): Promise<CniServer> {
  const spawner = new Spawner();
  const holders = new FlockHolders();
  const runPlugin = realPluginRunner({
    commands: spawner.run,
    lockFile: serializedLock(holders.lock),
    nodeState: new NodeStateCache(),
  });
  const server = await startCniServer({
    listen: { host: '127.0.0.1', port: 0 },
    tokenFile: opts.tokenFile,
    runPlugin,
    onEvent: (event) => {
      logEvent(event, opts.log);
      opts.onEvent?.(event);
    },
  });
  await installPlugins(opts.binDir, { server: { port: server.port, tokenFile: opts.tokenFile } });
  opts.log?.(`cni: plugins in ${opts.binDir} forward to 127.0.0.1:${server.port}`);
  return {
    port: server.port,
    get calls() {
      return server.calls;
    },
    close: async () => {
      await server.close();
      spawner.close();
      holders.close();
    },
  };
}

/** Refusals matter (someone without the token tried); failed calls are the kubelet's to report. */
function logEvent(event: CniServerEvent, log?: (line: string) => void): void {
  if (event.kind === 'refused') log?.(`cni: server refused a connection: ${event.reason}`);
}
