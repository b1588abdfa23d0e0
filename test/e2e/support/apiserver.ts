import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKubeconfig } from '../../../src/apiserver/kubeconfig.js';
import { RESOURCES } from '../../../src/apiserver/resources/catalog.js';
import { startApiServer, type RunningApiServer } from '../../../src/apiserver/server.js';
import { openEmbeddedStore } from '../../../src/apiserver/storage/embedded/embedded-store.js';
import type { Store } from '../../../src/apiserver/storage/types.js';
import { ensureTls, readTls, tlsFiles } from '../../../src/apiserver/tls.js';

/** An API server on 127.0.0.1 (random port) with its own CA, token and kubeconfig, for real clients. */
export interface TestApiServer {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly port: number;
  readonly token: string;
  readonly ca: string;
  server: RunningApiServer;
  /** Stops the server (keeping its data) and starts it again on the same port and data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestApiServer(
  options: { store?: () => Promise<Store> } = {},
): Promise<TestApiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'flatnet-api-'));
  await ensureTls(join(dir, 'pki'), ['127.0.0.1']);
  const tls = await readTls(tlsFiles(join(dir, 'pki')));
  const token = randomBytes(16).toString('hex');
  const openStore = options.store ?? (() => openEmbeddedStore({ dir: join(dir, 'data') }));
  const start = async (port: number) =>
    startApiServer({
      store: await openStore(),
      resources: RESOURCES,
      tls,
      tokens: [token],
      listen: [{ host: '127.0.0.1', port }],
      serviceCidr: '10.96.0.0/12',
      nodePortRange: [30000, 32767],
      // Only data (the kubernetes EndpointSlice); Kubernetes rejects loopback endpoints, so TEST-NET-1.
      advertiseAddress: '192.0.2.1',
      securePort: 6443,
      heartbeatMs: 2000,
    });
  const server = await start(0);
  const port = server.ports[0]!;
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    renderKubeconfig({ clusterName: 'test', server: `https://127.0.0.1:${port}`, caPem: tls.ca, token }),
  );
  const handle: TestApiServer = {
    dir,
    kubeconfig,
    port,
    token,
    ca: tls.ca,
    server,
    async restart() {
      await handle.server.close();
      handle.server = await start(port);
    },
    async close() {
      await handle.server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the installed kubectl (the dispatcher picks kubectl.1.<minor> from /version) against the server.
 * Asynchronous on purpose: the API server under test runs in this process and must keep serving.
 */
export function kubectl(api: TestApiServer, args: readonly string[], input?: string): Promise<KubectlResult> {
  const child = spawn('kubectl', [
    '--kubeconfig',
    api.kubeconfig,
    '--cache-dir',
    join(api.dir, 'kube-cache'),
    ...args,
  ]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
