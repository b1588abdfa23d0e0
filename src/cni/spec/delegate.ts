import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../../lib/concurrency.js';
import type { CniCommand, CniEnv } from './env.js';
import { CNI_CODE, CniError } from './errors.js';
import { isObject } from './netconf.js';

/**
 * Delegation (SPEC.md Section 4): find the plugin in CNI_PATH, run it with the same environment
 * (only CNI_COMMAND may differ) and the same stdin, pass its stderr through, and turn its error
 * JSON back into a CniError with the same code — libcni's invoke.DelegateAdd/Del/Check/GC/Status.
 */

/** Runs a delegated plugin; resolves with its parsed stdout (undefined when empty). */
export type DelegateRunner = (type: string, command: CniCommand, stdin: string) => Promise<unknown>;

export interface ExecResult {
  readonly code: number | null;
  readonly stdout: string;
}

/** Spawns one executable with an environment and stdin; stderr goes to `stderr`. */
export type PluginExec = (
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  stdin: string,
) => Promise<ExecResult>;

/** libcni FindInPath: the first directory of CNI_PATH holding an executable of that name. */
export async function findInPath(type: string, path: readonly string[]): Promise<string> {
  for (const dir of path) {
    const file = join(dir, type);
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  throw new CniError(CNI_CODE.INVALID_CONFIG, `failed to find plugin "${type}" in path [${path.join(' ')}]`);
}

// libcni's RawExec retries "text file busy" (an executable still open for writing) a few times.
const BUSY_RETRIES = 5;
const BUSY_DELAY_MS = 200;

export function delegateRunner(env: CniEnv, exec: PluginExec): DelegateRunner {
  return async (type, command, stdin) => {
    if (env.path.length === 0) {
      throw new CniError(
        CNI_CODE.INVALID_ENV,
        'required env variables [CNI_PATH] missing',
        `needed to find "${type}"`,
      );
    }
    const file = await findInPath(type, env.path);
    const childEnv = { ...env.raw, CNI_COMMAND: command };
    for (let attempt = 0; ; attempt++) {
      try {
        return parseOutput(type, await exec(file, childEnv, stdin));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ETXTBSY' || attempt >= BUSY_RETRIES) throw err;
        await sleep(BUSY_DELAY_MS);
      }
    }
  };
}

function parseOutput(type: string, { code, stdout }: ExecResult): unknown {
  let parsed: unknown;
  try {
    parsed = stdout.trim() === '' ? undefined : JSON.parse(stdout);
  } catch {
    parsed = undefined;
  }
  if (code === 0) {
    if (parsed === undefined && stdout.trim() !== '') {
      throw new CniError(CNI_CODE.DECODE_FAILURE, `plugin ${type} printed no JSON`, stdout.slice(0, 200));
    }
    return parsed;
  }
  if (isObject(parsed) && typeof parsed['code'] === 'number') {
    const details = typeof parsed['details'] === 'string' ? parsed['details'] : '';
    throw new CniError(parsed['code'], String(parsed['msg'] ?? ''), details);
  }
  throw new CniError(CNI_CODE.INTERNAL, `plugin ${type} failed (exit ${code})`, stdout.slice(0, 200));
}

/**
 * The real PluginExec: argv is just the file. The plugin's stderr passes through to `stderr`
 * (SPEC.md Section 4), which is the executable's own stderr or the CNI server's reply.
 */
export const spawnPlugin =
  (stderr: (text: string) => void): PluginExec =>
  (file, env, stdin) =>
    new Promise((resolve, reject) => {
      const child = spawn(file, [], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => stderr(text));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8') }));
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
    });
