import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { StorageError } from '../errors.js';

/** A single-member etcd on 127.0.0.1 with its own data directory, for tests and local labs. */
export interface EtcdProcess {
  readonly endpoint: string;
  readonly dataDir: string;
  /** Stops etcd (SIGTERM) and starts it again on the same ports and data. */
  restart(): Promise<void>;
  /** Stops etcd and removes its data directory. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Finds the etcd binary: FLATNET_ETCD_BIN, then PATH (Debian's etcd-server installs /usr/bin/etcd). */
export async function findEtcd(): Promise<string> {
  const candidates = process.env.FLATNET_ETCD_BIN
    ? [process.env.FLATNET_ETCD_BIN]
    : [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin'].map(
        (dir) => join(dir, 'etcd'),
      );
  for (const path of candidates) {
    if (
      await access(path, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  throw new StorageError(
    'Unavailable',
    `no etcd binary found (looked at ${candidates.join(', ')}): install Debian's etcd-server ` +
      '(apt-get install -y etcd-server) or point FLATNET_ETCD_BIN at one',
  );
}

export async function startEtcd(): Promise<EtcdProcess> {
  const binary = await findEtcd();
  const dataDir = await mkdtemp(join(tmpdir(), 'flatnet-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    ...['--name', 'flatnet', '--data-dir', join(dataDir, 'data'), '--logger', 'zap', '--log-level', 'error'],
    ...['--listen-client-urls', endpoint, '--advertise-client-urls', endpoint],
    ...['--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer],
    ...['--initial-cluster', `flatnet=${peer}`, '--initial-cluster-state', 'new'],
  ];
  let child = await launch(binary, args, endpoint);
  // Last resort when the process ends without running its cleanup hooks (an uncaught error, or a
  // test runner's timeout signal): etcd must not outlive it. Only SIGKILL of this process escapes.
  const onExit = (): void => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    onExit();
    process.kill(process.pid, signal);
  };
  process.once('exit', onExit);
  for (const signal of EXIT_SIGNALS) process.once(signal, onSignal);
  return {
    endpoint,
    dataDir,
    async restart() {
      await terminate(child);
      child = await launch(binary, args, endpoint);
    },
    async stop() {
      process.removeListener('exit', onExit);
      for (const signal of EXIT_SIGNALS) process.removeListener(signal, onSignal);
      await terminate(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function launch(binary: string, args: string[], endpoint: string): Promise<ChildProcess> {
  // etcd 3.4 refuses to start on arm64 unless told that this is deliberate.
  const env = { ...process.env, ...(process.arch === 'arm64' && { ETCD_UNSUPPORTED_ARCH: 'arm64' }) };
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`etcd exited with ${code} before it was ready: ${stderr}`)),
    ),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitHealthy(endpoint), exited]);
  } catch (err) {
    await terminate(child);
    throw new StorageError('Unavailable', `could not start ${binary}`, { cause: err });
  }
  return child;
}

async function waitHealthy(endpoint: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const healthy = await fetch(`${endpoint}/health`)
      .then(async (response) => ((await response.json()) as { health?: string }).health === 'true')
      .catch(() => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`etcd at ${endpoint} was not healthy within ${READY_TIMEOUT_MS} ms`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A port the kernel just handed out as free; etcd binds it right after. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
