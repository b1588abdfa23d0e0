import { createServer as createHttpsServer, type Server } from 'node:https';
import { rm } from 'node:fs/promises';
import { formatIPv4, nthAddress, parseCidr } from '../lib/ipv4.js';
import { createAdmission } from './admission/index.js';
import { bootstrap } from './bootstrap.js';
import { createApiHandler } from './http/handler.js';
import { Registry } from './registry/registry.js';
import type { ResourceType } from './resources/types.js';
import type { Store } from './storage/types.js';

export interface ApiServerConfig {
  readonly store: Store;
  readonly resources: readonly ResourceType[];
  readonly tls: { readonly cert: string; readonly key: string };
  readonly tokens: readonly string[];
  /** TCP listeners (the control host's underlay address; 127.0.0.1 in tests). */
  readonly listen: readonly { host: string; port: number }[];
  /** A Unix socket too: the loopback forwarder for kubectl on the host connects here. */
  readonly unixSocket?: string;
  readonly serviceCidr: string;
  readonly nodePortRange: readonly [number, number];
  /** The address the `kubernetes` Service's endpoints point at. */
  readonly advertiseAddress: string;
  readonly securePort: number;
  readonly heartbeatMs?: number;
  readonly log?: (line: string) => void;
}

export interface RunningApiServer {
  readonly registry: Registry;
  /** Bound TCP ports, in `listen` order (useful when asking for port 0). */
  readonly ports: readonly number[];
  close(): Promise<void>;
}

export async function startApiServer(config: ApiServerConfig): Promise<RunningApiServer> {
  const hooks = await createAdmission(config.store, {
    serviceCidr: config.serviceCidr,
    nodePortRange: config.nodePortRange,
  });
  const registry = new Registry({ store: config.store, hooks });
  const find = (plural: string, group = ''): ResourceType => {
    const r = config.resources.find((x) => x.plural === plural && x.group === group);
    if (!r) throw new Error(`resource ${plural}.${group} is not in the catalog`);
    return r;
  };
  await bootstrap(registry, find, {
    kubernetesServiceIp: formatIPv4(nthAddress(parseCidr(config.serviceCidr), 1)),
    advertiseAddress: config.advertiseAddress,
    securePort: config.securePort,
  });
  const handler = createApiHandler({
    registry,
    resources: config.resources,
    tokens: config.tokens,
    serverAddress: `${config.advertiseAddress}:${config.securePort}`,
    ...(config.heartbeatMs ? { heartbeatMs: config.heartbeatMs } : {}),
    ...(config.log ? { log: config.log } : {}),
  });
  const servers: Server[] = [];
  const ports: number[] = [];
  const listen = (server: Server, target: { host: string; port: number } | string): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      const done = (): void => resolve();
      if (typeof target === 'string') server.listen(target, done);
      else server.listen(target.port, target.host, done);
    });
  const make = (): Server => {
    const server = createHttpsServer({ cert: config.tls.cert, key: config.tls.key }, handler);
    server.keepAliveTimeout = 60_000;
    servers.push(server);
    return server;
  };
  for (const target of config.listen) {
    const server = make();
    await listen(server, target);
    const address = server.address();
    ports.push(typeof address === 'object' && address ? address.port : target.port);
  }
  if (config.unixSocket) {
    await rm(config.unixSocket, { force: true });
    await listen(make(), config.unixSocket);
  }
  return {
    registry,
    ports,
    async close() {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await config.store.close();
    },
  };
}
