import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { isPluginName } from '../plugin-names.js';
import type { PluginEnv, PluginOutput, RunPlugin } from '../spec/plugin-main.js';
import { internalFailure, serveConnection } from './connection.js';
import { newCredentials, removeCredentials, writeCredentials } from './credentials.js';
import type { ForwardedCall } from './protocol.js';

/**
 * The CNI server inside the resident node process: shims (shim.ts) forward plugin calls to it, and
 * it runs them here with `runPlugin`, the code the executables run, so an ADD costs a bash start
 * and the plugin's own work instead of a Node.js start-up (~80 ms) per plugin. Many calls run at
 * once; the IPAM store lock queues them per network (ipam/file-lock.ts).
 */

export interface CniServerOptions {
  /**
   * Where to listen: the loopback of the node's namespace (bash reaches only TCP, with /dev/tcp),
   * which nothing outside that namespace can reach. Port 0 picks a free port.
   */
  readonly listen: { readonly host: string; readonly port: number };
  /** The credentials file (credentials.ts): written 0600 once listening, removed on close. */
  readonly tokenFile: string;
  readonly runPlugin: RunPlugin;
  /** What calls run with besides their CNI_* variables (PATH for ip, nft, flock). Default: ours minus CNI_*. */
  readonly env?: PluginEnv;
  readonly onEvent?: (event: CniServerEvent) => void;
}

export type CniServerEvent =
  | {
      readonly kind: 'call';
      readonly plugin: string;
      readonly command: string;
      readonly containerId: string;
      readonly exitCode: number;
      readonly ms: number;
    }
  | { readonly kind: 'refused'; readonly reason: string };

export interface CniServer {
  readonly port: number;
  /** Calls run so far. */
  readonly calls: number;
  /** Stops listening and removes the credentials (shims then run the plugins themselves); waits for running calls. */
  close(): Promise<void>;
}

// Beyond this, connections are refused and their shims run the plugins themselves.
const MAX_CONNECTIONS = 512;

export async function startCniServer(opts: CniServerOptions): Promise<CniServer> {
  const calls = new CallRunner(opts);
  const server = createServer((socket) => calls.accept(socket));
  server.maxConnections = MAX_CONNECTIONS;
  server.listen(opts.listen.port, opts.listen.host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.listen.port;
  const credentials = newCredentials(port);
  calls.credentials = credentials;
  await writeCredentials(opts.tokenFile, credentials);
  return {
    port,
    get calls() {
      return calls.count;
    },
    close: async () => {
      server.close();
      await removeCredentials(opts.tokenFile, credentials);
      await calls.drain();
    },
  };
}

/** The connections and the calls they run. */
class CallRunner {
  /** Until the credentials file is written, nobody knows a token. */
  credentials = newCredentials(0);
  count = 0;
  private readonly running = new Set<Promise<PluginOutput>>();
  private readonly waiting = new Set<Socket>(); // connected, no call running yet
  private readonly baseEnv: PluginEnv;

  constructor(private readonly opts: CniServerOptions) {
    this.baseEnv = opts.env ?? withoutCniVars(process.env);
  }

  accept(socket: Socket): void {
    socket.setNoDelay(true); // every frame is one write; Nagle would only hold back the last
    this.waiting.add(socket);
    socket.on('close', () => this.waiting.delete(socket));
    const run = (call: ForwardedCall): Promise<PluginOutput> => {
      this.waiting.delete(socket);
      const running = this.run(call);
      this.running.add(running);
      void running.finally(() => this.running.delete(running));
      return running;
    };
    const refused = (reason: string): void => this.opts.onEvent?.({ kind: 'refused', reason });
    void serveConnection(socket, { credentials: this.credentials, run, refused });
  }

  /** Hangs up on connections without a call; waits for the calls. */
  async drain(): Promise<void> {
    for (const socket of this.waiting) socket.destroy();
    await Promise.all(this.running);
  }

  private async run(call: ForwardedCall): Promise<PluginOutput> {
    this.count++;
    const started = performance.now();
    const out = await runCall(this.opts.runPlugin, call, this.baseEnv);
    const { CNI_COMMAND: command = '', CNI_CONTAINERID: containerId = '' } = call.env;
    const ms = performance.now() - started;
    const { plugin } = call;
    this.opts.onEvent?.({ kind: 'call', plugin, command, containerId, exitCode: out.exitCode, ms });
    return out;
  }
}

async function runCall(runPlugin: RunPlugin, call: ForwardedCall, baseEnv: PluginEnv): Promise<PluginOutput> {
  if (!isPluginName(call.plugin)) {
    return internalFailure(new Error(`the flatnet CNI server runs no plugin named ${call.plugin}`));
  }
  try {
    return await runPlugin(call.plugin, { ...baseEnv, ...call.env }, call.stdin);
  } catch (err) {
    return internalFailure(err);
  }
}

/** The runtime sets a plugin's CNI_* variables; ours (if any) must not leak into its calls. */
function withoutCniVars(env: PluginEnv): PluginEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('CNI_')));
}
