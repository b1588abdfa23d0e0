import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openEmbeddedStore } from './storage/embedded/embedded-store.js';
import { EtcdStore } from './storage/etcd/etcd-store.js';
import type { Store } from './storage/types.js';
import { RESOURCES } from './resources/catalog.js';
import { readTls, tlsFiles } from './tls.js';
import { startApiServer } from './server.js';

/**
 * `flatnet-apiserver`: the process `flatnet up` starts inside the lab's control host.
 *   --data-dir DIR            embedded storage (default backend)
 *   --etcd-endpoints URL      use etcd v3 instead (http://host:port)
 *   --tls-dir DIR             ca.crt, apiserver.crt/.key (see tls.ts)
 *   --token-file FILE         bearer tokens, one per line
 *   --listen HOST:PORT        TCP listener (repeatable)
 *   --unix-socket PATH        also listen here (the host's kubectl forwarder connects to it)
 *   --advertise-address IP    endpoint of the `kubernetes` Service
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'etcd-endpoints': { type: 'string' },
    'tls-dir': { type: 'string' },
    'token-file': { type: 'string' },
    listen: { type: 'string', multiple: true },
    'unix-socket': { type: 'string' },
    'advertise-address': { type: 'string' },
    'service-cidr': { type: 'string', default: '10.96.0.0/12' },
    'node-port-range': { type: 'string', default: '30000-32767' },
  },
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    process.stderr.write(`flatnet-apiserver: --${name} is required\n`);
    process.exit(2);
  }
  return value;
}

async function openStore(): Promise<Store> {
  const etcd = values['etcd-endpoints'];
  if (etcd) return new EtcdStore({ endpoint: etcd.split(',')[0]!, keyPrefix: '' });
  return openEmbeddedStore({ dir: required('data-dir') });
}

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
};

const listen = (values.listen ?? []).map((l) => {
  const [host, port] = l.split(':');
  return { host: host!, port: Number(port) };
});
const [low, high] = values['node-port-range'].split('-').map(Number) as [number, number];
const tls = await readTls(tlsFiles(required('tls-dir')));
const tokens = (await readFile(required('token-file'), 'utf8')).split('\n').filter((t) => t.trim() !== '');
const server = await startApiServer({
  store: await openStore(),
  resources: RESOURCES,
  tls,
  tokens,
  listen,
  ...(values['unix-socket'] ? { unixSocket: values['unix-socket'] } : {}),
  serviceCidr: values['service-cidr'],
  nodePortRange: [low, high],
  advertiseAddress: required('advertise-address'),
  securePort: listen[0]?.port ?? 6443,
  log,
});
log(
  `flatnet-apiserver serving on ${listen.map((l) => `${l.host}:${l.port}`).join(', ')}${values['unix-socket'] ? ` and ${values['unix-socket']}` : ''}`,
);

const stop = (): void => {
  log('shutting down');
  void server.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
