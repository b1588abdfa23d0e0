import { openSync, closeSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { processAlive, processRunning, signalProcess, spawnInNetns } from '../kernel/process.js';
import { sleep } from '../lib/concurrency.js';

/** A background process of a lab (API server, forwarder, node processes), recorded in the state file. */
export interface DaemonRecord {
  readonly name: string;
  readonly pid: number;
  /** null: the root namespace (only the loopback forwarder runs there). */
  readonly netns: string | null;
  readonly log: string;
  /** The script or binary that identifies the process in /proc/<pid>/cmdline. */
  readonly program: string;
}

/** Starts a detached process whose stdout/stderr go to `log`; it outlives the CLI that started it. */
export function startDaemon(
  name: string,
  netns: string | null,
  argv: readonly string[],
  log: string,
  program = argv[1] ?? argv[0]!,
): DaemonRecord {
  mkdirSync(dirname(log), { recursive: true });
  const fd = openSync(log, 'a');
  try {
    const child = spawnInNetns(netns, argv, { stdio: ['ignore', fd, fd], detached: true });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    return { name, pid: child.pid, netns, log, program };
  } finally {
    closeSync(fd);
  }
}

/** Whether the recorded process still runs the program we started (pid reuse guard). */
export const daemonRunning = (record: DaemonRecord): boolean => processRunning(record.pid, record.program);

/** SIGTERM, a grace period, then SIGKILL for whatever is left. */
export async function stopPids(pids: readonly number[], graceMs = 3000): Promise<void> {
  const live = pids.filter(processAlive);
  if (live.length === 0) return;
  live.forEach((pid) => signalProcess(pid, 'SIGTERM'));
  for (let waited = 0; waited < graceMs && live.some(processAlive); waited += 50) await sleep(50);
  live.filter(processAlive).forEach((pid) => signalProcess(pid, 'SIGKILL'));
}

/** A TCP port on the host's loopback that is free right now. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
