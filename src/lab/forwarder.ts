import { createConnection, createServer, type Server } from 'node:net';

/**
 * kubectl on the host reaches the lab's API server through this: a TCP listener on the host's
 * loopback that pipes each connection into the API server's Unix socket. A Unix socket is a file,
 * visible from every network namespace, so no address or route is added to the root namespace.
 * TLS passes through untouched (the forwarder never sees plaintext).
 */
export function startForwarder(listen: { host: string; port: number }, socketPath: string): Promise<Server> {
  const server = createServer((client) => {
    const upstream = createConnection(socketPath);
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve(server));
  });
}
