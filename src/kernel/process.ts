import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { spawnCounter } from './exec.js';
import { validateNetnsName } from './validate.js';
import { InvalidInputError } from '../lib/errors.js';

export interface SpawnOptions {
  readonly stdio?: StdioOptions;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Start in its own process group so a whole tree can be signalled. */
  readonly detached?: boolean;
}

/**
 * Starts a long-running program inside a network namespace (servers, the node process, `flatnet exec`).
 * nsenter joins only the network namespace and execs the program, so the returned PID is the
 * program's own. Not `ip netns exec`: that also gives the program a private mount namespace, and
 * namespaces it creates in turn (a kubelet's pod sandboxes) would then be invisible to everyone else.
 */
export function spawnInNetns(
  netns: string | null,
  argv: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  if (argv.length === 0) throw new Error('spawnInNetns: empty argv');
  const full =
    netns === null ? [...argv] : ['nsenter', `--net=/run/netns/${validateNetnsName(netns)}`, '--', ...argv];
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

/** Kubernetes truncates a pod's hostname to 63 characters; it must be a DNS label (or dotted labels). */
const HOSTNAME = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;

export function validateHostname(hostname: string): string {
  if (!HOSTNAME.test(hostname)) throw new InvalidInputError(`invalid hostname ${JSON.stringify(hostname)}`);
  return hostname;
}

/**
 * Starts a pod's pause process: inside `netns` and in a new UTS namespace whose hostname it sets,
 * as the pause container holds a pod's namespaces. The shell script is a constant; the hostname
 * reaches it as an argument, never as code.
 */
export function spawnPause(
  netns: string | null,
  hostname: string,
  argv: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  const inUts = [
    'unshare',
    '--uts',
    '--',
    'sh',
    '-c',
    'hostname -- "$0" && exec "$@"',
    validateHostname(hostname),
    ...argv,
  ];
  return spawnInNetns(netns, inUts, options);
}

/**
 * Runs a container's process in a sandbox: the pod's network namespace (by name, or the caller's
 * own for hostNetwork pods) and the UTS namespace held by the pod's pause process.
 */
export function spawnInSandbox(
  sandbox: { readonly netns: string | null; readonly pausePid: number },
  argv: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  if (argv.length === 0) throw new Error('spawnInSandbox: empty argv');
  if (!Number.isInteger(sandbox.pausePid) || sandbox.pausePid <= 0)
    throw new InvalidInputError(`invalid pause pid ${sandbox.pausePid}`);
  const enter = ['nsenter', `--uts=/proc/${sandbox.pausePid}/ns/uts`];
  if (sandbox.netns !== null) enter.push(`--net=/run/netns/${validateNetnsName(sandbox.netns)}`);
  spawnCounter.count++;
  return spawn(enter[0]!, [...enter.slice(1), '--', ...argv], {
    stdio: options.stdio ?? 'ignore',
    env: options.env ?? process.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    detached: options.detached ?? false,
  });
}

/**
 * Whether `pid` still runs the program we started (its argv contains `program`). A PID alone is not
 * enough: after a restart or a long time the number may belong to an unrelated process, which must
 * never be signalled.
 */
export function processRunning(pid: number, program?: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return program === undefined || argv.includes(program);
  } catch {
    return false;
  }
}
