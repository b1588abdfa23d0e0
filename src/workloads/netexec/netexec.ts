import type { Socket } from 'node:dgram';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NetexecConfig } from './flags.js';
import { serveNetexec } from './handlers.js';
import { startHttpServer } from './http-server.js';
import type { DialProtocol, Dialer, HandlerContext, NetexecState, ShellResult } from './types.js';
import { startUdpServer } from './udp-server.js';

/** The outside world netexec talks to; deps.ts builds the real one, tests swap parts (exit above all). */
export interface NetexecDeps {
  hostname(): string;
  now(): string;
  log(message: string): void;
  exit(code: number): void;
  shell(command: string): Promise<ShellResult>;
  lookup(host: string): Promise<string>;
  dialers: Readonly<Record<DialProtocol, Dialer>>;
  sleep(ms: number): Promise<void>;
  readFile(path: string): Promise<Buffer>;
}

export interface Netexec {
  readonly httpPort: number;
  readonly udpPorts: readonly number[];
  readonly state: NetexecState;
  /** SIGTERM: /readyz turns 503, keep serving for --delay-shutdown seconds, close everything, exit 0. */
  terminate(): Promise<void>;
  /** Close every socket without exiting. */
  close(): Promise<void>;
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Start netexec's UDP server(s), then its HTTP(S) server, as configured by agnhost's flags. */
export async function startNetexec(config: NetexecConfig, deps: NetexecDeps): Promise<Netexec> {
  const state: NetexecState = { udpReady: false, sigtermReceived: false };
  let closing = false;
  const udpSockets: Socket[] = [];

  const closeUdp = (): void => {
    for (const socket of udpSockets.splice(0)) socket.close();
    state.udpReady = false;
  };

  // /exit?timeout=: like http.Server.Shutdown with a deadline, then os.Exit(code).
  const shutdown = async (code: number, timeoutMs: number): Promise<void> => {
    closing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('context deadline exceeded'), Math.max(0, timeoutMs));
    });
    const outcome = await Promise.race([closeHttp(server).then(() => '<nil>'), deadline]);
    clearTimeout(timer);
    server.closeAllConnections();
    deps.log(`Graceful shutdown completed with: ${outcome}`);
    closeUdp();
    deps.exit(code);
  };

  const ctx: HandlerContext = {
    state,
    hostname: () => deps.hostname(),
    now: () => deps.now(),
    log: (message) => deps.log(message),
    shell: (command) => deps.shell(command),
    lookup: (host) => deps.lookup(host),
    dialers: deps.dialers,
    sleep: (ms) => deps.sleep(ms),
    exit: (code) => deps.exit(code),
    shutdown: (code, timeoutMs) => void shutdown(code, timeoutMs),
  };

  if (config.sctpPort !== -1)
    deps.log(`SCTP is not supported by flatnet; ignoring --sctp-port=${config.sctpPort}`);
  if (config.udpPort !== -1) {
    const addresses = config.udpListenAddresses.length > 0 ? config.udpListenAddresses : [config.bind];
    const udpOptions = { port: config.udpPort, hostname: ctx.hostname, log: ctx.log };
    try {
      for (const address of addresses) {
        const socket = await startUdpServer({ address, ...udpOptions });
        udpSockets.push(socket);
        socket.once('close', () => deps.log('UDP server exited'));
      }
    } catch (err) {
      closeUdp();
      throw err;
    }
    state.udpReady = true;
  }

  const tls =
    config.tlsCertFile === ''
      ? undefined
      : {
          cert: await deps.readFile(config.tlsCertFile),
          key: await deps.readFile(config.tlsPrivateKeyFile || config.tlsCertFile),
        };
  const server = await startHttpServer({
    host: config.bind,
    port: config.httpPort,
    ...(tls ? { tls } : {}),
    httpOverride: config.httpOverride,
    serve: (request) => serveNetexec(request, ctx),
    closing: () => closing,
    log: ctx.log,
  }).catch((err: unknown) => {
    closeUdp();
    throw err;
  });
  const httpPort = (server.address() as AddressInfo).port;
  deps.log(`Started HTTP server on port ${httpPort}`);

  const close = async (): Promise<void> => {
    closing = true;
    const closed = closeHttp(server);
    server.closeAllConnections();
    closeUdp();
    await closed;
  };

  return {
    httpPort,
    udpPorts: udpSockets.map((socket) => socket.address().port),
    state,
    close,
    async terminate() {
      if (state.sigtermReceived) return;
      state.sigtermReceived = true;
      if (config.delayShutdownSeconds > 0) {
        deps.log(`Sleeping ${config.delayShutdownSeconds} seconds before terminating...`);
        await deps.sleep(config.delayShutdownSeconds * 1000);
      }
      await close();
      deps.exit(0);
    },
  };
}
