import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { spawnCounter } from './exec.js';
import { validateNetnsName } from './validate.js';

export interface SpawnOptions {
  readonly stdio?: StdioOptions;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Start in its own process group so a whole tree can be signalled. */
  readonly detached?: boolean;
}

/**
 * Starts a long-running program inside a network namespace (servers, the node process, `flatnet exec`).
 * `ip netns exec` enters the namespace and execs the program, so the returned PID is the program's own.
 */
export function spawnInNetns(
  netns: string | null,
  argv: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  if (argv.length === 0) throw new Error('spawnInNetns: empty argv');
  const full = netns === null ? [...argv] : ['ip', 'netns', 'exec', validateNetnsName(netns), ...argv];
  spawnCounter.count++;
  return spawn(full[0]!, full.slice(1), {
    stdio: options.stdio ?? 'ignore',
    env: options.env ?? process.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    detached: options.detached ?? false,
  });
}

/** Signals a process, ignoring "no such process". */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
