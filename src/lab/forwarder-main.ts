import { startForwarder } from './forwarder.js';

/** `node forwarder-main.js <host> <port> <socket>`: run by `flatnet up` as a daemon in the root namespace. */
const [host, port, socket] = process.argv.slice(2);
if (!host || !port || !socket) {
  process.stderr.write('usage: forwarder-main <host> <port> <unix-socket>\n');
  process.exit(2);
}
const server = await startForwarder({ host, port: Number(port) }, socket);
process.stdout.write(`forwarding ${host}:${port} -> ${socket}\n`);
const stop = (): void => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
