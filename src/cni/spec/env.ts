import { CNI_CODE, CniError } from './errors.js';

/** The protocol parameters a runtime passes in the environment (SPEC.md, Section 2 "Parameters"). */

export const CNI_COMMANDS = ['ADD', 'DEL', 'CHECK', 'GC', 'STATUS', 'VERSION'] as const;
export type CniCommand = (typeof CNI_COMMANDS)[number];

export interface CniEnv {
  readonly command: CniCommand;
  /** '' where the command does not need it. */
  readonly containerId: string;
  /** '' when not given (DEL may omit it). */
  readonly netns: string;
  readonly ifname: string;
  /** CNI_ARGS, `K=V;K2=V2`. */
  readonly args: ReadonlyMap<string, string>;
  /** CNI_PATH split on ':' (empty entries dropped). */
  readonly path: readonly string[];
  /** The variables as received, passed on unchanged to delegated plugins (SPEC.md Section 4). */
  readonly raw: Readonly<Record<string, string | undefined>>;
}

type Var = 'CNI_CONTAINERID' | 'CNI_NETNS' | 'CNI_IFNAME' | 'CNI_PATH';

/** Required variables per command, per the "Input" paragraph of each operation in SPEC.md Section 2. */
const REQUIRED: Readonly<Record<CniCommand, readonly Var[]>> = {
  ADD: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME'],
  CHECK: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME'],
  DEL: ['CNI_CONTAINERID', 'CNI_IFNAME'],
  GC: ['CNI_PATH'],
  STATUS: [],
  VERSION: [],
};

// SPEC.md: "Must start with an alphanumeric character, optionally followed by any combination of one
// or more alphanumeric characters, underscore (_), dot (.) or hyphen (-)."
const CONTAINER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const invalidEnv = (msg: string, details = ''): CniError => new CniError(CNI_CODE.INVALID_ENV, msg, details);

/** SPEC.md ADD parameters: not empty, under 16 bytes, not "." or "..", no '/', ':' or whitespace. */
export function ifnameProblem(name: string): string | undefined {
  if (Buffer.byteLength(name) > 15) return 'longer than 15 bytes';
  if (name === '.' || name === '..') return 'is "." or ".."';
  if (/[/:\s]/.test(name)) return "contains '/', ':' or whitespace";
  return undefined;
}

export function parseCniArgs(text: string): Map<string, string> {
  const args = new Map<string, string>();
  for (const pair of text.split(';').filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw invalidEnv('invalid CNI_ARGS', `"${pair}" is no KEY=VALUE pair`);
    args.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return args;
}

/** Reads and checks the environment; every problem is code 4 naming the variables (SPEC.md, code 4). */
export function parseEnv(env: Readonly<Record<string, string | undefined>>): CniEnv {
  const command = env['CNI_COMMAND'] ?? '';
  if (command === '') throw invalidEnv('required env variables [CNI_COMMAND] missing');
  if (!(CNI_COMMANDS as readonly string[]).includes(command)) {
    throw invalidEnv(`unknown CNI_COMMAND: ${command}`);
  }
  const cmd = command as CniCommand;
  const missing = REQUIRED[cmd].filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) throw invalidEnv(`required env variables [${missing.join(',')}] missing`);
  const containerId = env['CNI_CONTAINERID'] ?? '';
  if (containerId !== '' && !CONTAINER_ID.test(containerId)) {
    throw invalidEnv('invalid characters in CNI_CONTAINERID', containerId);
  }
  const ifname = env['CNI_IFNAME'] ?? '';
  const problem = ifname === '' ? undefined : ifnameProblem(ifname);
  if (problem !== undefined) throw invalidEnv(`invalid CNI_IFNAME: ${problem}`, ifname);
  return {
    command: cmd,
    containerId,
    netns: env['CNI_NETNS'] ?? '',
    ifname,
    args: parseCniArgs(env['CNI_ARGS'] ?? ''),
    path: (env['CNI_PATH'] ?? '').split(':').filter((p) => p !== ''),
    raw: { ...env },
  };
}
