import { parseEnv, type CniEnv } from './env.js';
import { asCniError, errorJson, type CniError } from './errors.js';
import { decodeConfig, parseBase, type Json, type NetConfBase } from './netconf.js';
import { encodeResult, type CniResult } from './result.js';
import { LATEST_VERSION, SUPPORTED_VERSIONS, checkCommandVersion } from './version.js';

/**
 * The dispatcher both executables share (libcni's skel, written for flatnet): read the environment,
 * decode stdin, check the version, run the command, print the result or the error JSON.
 * Everything is injected, so a whole invocation is testable without a process.
 */

export interface CniRequest<C> {
  readonly env: CniEnv;
  readonly base: NetConfBase;
  readonly conf: C;
  /** The configuration bytes as received: delegated plugins get exactly these (SPEC.md Section 4). */
  readonly stdin: string;
}

export interface Plugin<C> {
  /** Printed on stderr when the executable runs without CNI_COMMAND (for humans). */
  readonly about: string;
  /** Pure validation: the typed configuration or a CniError. */
  parse(raw: Json, base: NetConfBase, env: CniEnv): C;
  add(req: CniRequest<C>): Promise<CniResult>;
  del(req: CniRequest<C>): Promise<void>;
  check(req: CniRequest<C>): Promise<void>;
  gc(req: CniRequest<C>): Promise<void>;
  status(req: CniRequest<C>): Promise<void>;
}

export interface PluginIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs one invocation and returns the exit code (0 on success, 1 after printing an error). */
export async function runPlugin<C>(plugin: Plugin<C>, io: PluginIo): Promise<number> {
  let version: string = LATEST_VERSION;
  try {
    if (io.env['CNI_COMMAND'] === undefined) io.stderr(`${plugin.about}\n`);
    const env = parseEnv(io.env);
    const stdin = await io.readStdin();
    if (env.command === 'VERSION') {
      io.stdout(JSON.stringify(versionInfo(stdin)) + '\n');
      return 0;
    }
    const raw = decodeConfig(stdin);
    if (typeof raw['cniVersion'] === 'string') version = raw['cniVersion'];
    const base = parseBase(raw);
    checkCommandVersion(env.command, base.cniVersion);
    const req: CniRequest<C> = { env, base, conf: plugin.parse(raw, base, env), stdin };
    const result = await dispatch(plugin, req);
    if (result !== undefined) io.stdout(JSON.stringify(encodeResult(result, base.cniVersion)) + '\n');
    return 0;
  } catch (err) {
    const cniErr: CniError = asCniError(err);
    io.stdout(JSON.stringify(errorJson(cniErr, version)) + '\n');
    if (cniErr.cause !== undefined) io.stderr(`${String(cniErr.cause)}\n`);
    return 1;
  }
}

function dispatch<C>(plugin: Plugin<C>, req: CniRequest<C>): Promise<CniResult | void> {
  switch (req.env.command) {
    case 'ADD':
      return plugin.add(req);
    case 'DEL':
      return plugin.del(req);
    case 'CHECK':
      return plugin.check(req);
    case 'GC':
      return plugin.gc(req);
    case 'STATUS':
      return plugin.status(req);
    case 'VERSION':
      throw new Error('VERSION is answered before dispatch');
  }
}

/** SPEC.md "VERSION Success": `cniVersion` echoes the input's. */
function versionInfo(stdin: string): Json {
  let cniVersion: string = LATEST_VERSION;
  try {
    const input: unknown = JSON.parse(stdin);
    const v = (input as Json | null)?.['cniVersion'];
    if (typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v)) cniVersion = v;
  } catch {
    // VERSION needs no input; libcni's skel ignores it entirely.
  }
  return { cniVersion, supportedVersions: [...SUPPORTED_VERSIONS] };
}
