import { parseEnv, type CniEnv } from './env.js';
import { asCniError, errorJson, type CniError } from './errors.js';
import { decodeConfig, parseBase, type Json, type NetConfBase } from './netconf.js';
import { encodeResult, type CniResult } from './result.js';
import { LATEST_VERSION, SUPPORTED_VERSIONS, checkCommandVersion } from './version.js';

/**
 * The dispatcher both plugins share (libcni's skel, written for flatnet): read the environment,
 * decode stdin, check the version, run the command, answer with the result or the error JSON.
 * It never touches `process`: the same call runs in an executable, in the resident CNI server and
 * in tests.
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

export type PluginEnv = Readonly<Record<string, string | undefined>>;

/** One invocation: what a runtime hands an executable (environment, stdin) and where its logs go. */
export interface PluginCall {
  readonly env: PluginEnv;
  /** The configuration bytes (SPEC.md: stdin). */
  readonly stdin: string;
  /** Free-form logs for humans (the executable's stderr). */
  stderr(text: string): void;
}

/** What the runtime gets back: the exit status and stdout (the result, or the error JSON). */
export interface PluginReply {
  readonly exitCode: number;
  readonly stdout: string;
}

/** A reply with the call's stderr collected: what an executable would have written. */
export interface PluginOutput extends PluginReply {
  readonly stderr: string;
}

/**
 * Runs one of our plugins by name, with no process of its own: the executables (`main.ts`) and
 * the resident CNI server (`server/`) both call this, so both take exactly the same code path.
 */
export type RunPlugin = (name: string, env: PluginEnv, stdin: string) => Promise<PluginOutput>;

/** Runs one invocation: exit code 0 with the result, or 1 with the error JSON (SPEC.md Section 5). */
export async function invokePlugin<C>(plugin: Plugin<C>, call: PluginCall): Promise<PluginReply> {
  let version: string = LATEST_VERSION;
  try {
    if (call.env['CNI_COMMAND'] === undefined) call.stderr(`${plugin.about}\n`);
    const env = parseEnv(call.env);
    const { stdin } = call;
    if (env.command === 'VERSION') return { exitCode: 0, stdout: JSON.stringify(versionInfo(stdin)) + '\n' };
    const raw = decodeConfig(stdin);
    if (typeof raw['cniVersion'] === 'string') version = raw['cniVersion'];
    const base = parseBase(raw);
    checkCommandVersion(env.command, base.cniVersion);
    const req: CniRequest<C> = { env, base, conf: plugin.parse(raw, base, env), stdin };
    const result = await dispatch(plugin, req);
    const stdout = result === undefined ? '' : JSON.stringify(encodeResult(result, base.cniVersion)) + '\n';
    return { exitCode: 0, stdout };
  } catch (err) {
    const cniErr: CniError = asCniError(err);
    if (cniErr.cause !== undefined) call.stderr(`${String(cniErr.cause)}\n`);
    return { exitCode: 1, stdout: JSON.stringify(errorJson(cniErr, version)) + '\n' };
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
