import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../../lib/concurrency.js';
import { CNI_CODE, CniError } from './errors.js';
import type { CniCommand, PluginExec, PluginOutput } from './types.js';

/** libcni RawExec: up to 5 retries, one second apart, while the binary is being replaced. */
const BUSY_RETRIES = 5;

export interface Invocation {
  readonly command: CniCommand;
  /** The plugin `type`, for error messages. */
  readonly plugin: string;
  readonly path: string;
  readonly env: Record<string, string>;
  readonly stdin: string;
}

/** Runs a plugin and returns its stdout, or raises the plugin's error as a CniError. */
export async function invoke(exec: PluginExec, inv: Invocation, busyRetryDelayMs = 1000): Promise<string> {
  const output = await runRetryingBusy(exec, inv, busyRetryDelayMs);
  if (output.exitCode !== 0) throw pluginError(output, inv);
  return output.stdout;
}

async function runRetryingBusy(exec: PluginExec, inv: Invocation, delayMs: number): Promise<PluginOutput> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await exec(inv.path, inv.env, inv.stdin);
    } catch (err) {
      const busy = (err as NodeJS.ErrnoException)?.code === 'ETXTBSY';
      if (busy && attempt < BUSY_RETRIES) {
        await sleep(delayMs);
        continue;
      }
      throw new CniError(
        'ECNI_EXEC',
        {
          cniCode: CNI_CODE.unknown,
          msg: 'failed to run plugin',
          details: String(err),
          plugin: inv.plugin,
          command: inv.command,
        },
        { cause: err },
      );
    }
  }
}

/**
 * The error a failed plugin reported. Like libcni RawExec.pluginErr: error JSON on stdout, else
 * stderr, else the exit code; stdout that is not error JSON is quoted in the message.
 */
export function pluginError(output: PluginOutput, inv: Pick<Invocation, 'plugin' | 'command'>): CniError {
  const base = { plugin: inv.plugin, command: inv.command };
  const status = `exit status ${output.exitCode}`;
  if (output.stdout.trim() === '') {
    const stderr = output.stderr.trim();
    const msg = stderr
      ? `netplugin failed: ${JSON.stringify(stderr)}: ${status}`
      : `netplugin failed with no error message: ${status}`;
    return new CniError('ECNI_PLUGIN', { ...base, cniCode: CNI_CODE.unknown, msg });
  }
  const parsed = parseErrorJson(output.stdout);
  if (parsed) return new CniError('ECNI_PLUGIN', { ...base, ...parsed });
  const msg = `netplugin failed but error parsing its diagnostic message ${JSON.stringify(output.stdout.slice(0, 500))}`;
  return new CniError('ECNI_PLUGIN', { ...base, cniCode: CNI_CODE.unknown, msg, details: status });
}

function parseErrorJson(stdout: string): { cniCode: number; msg: string; details?: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { code, msg, details } = value as Record<string, unknown>;
  if (code !== undefined && (typeof code !== 'number' || !Number.isInteger(code) || code < 0))
    return undefined;
  if (msg !== undefined && typeof msg !== 'string') return undefined;
  return {
    cniCode: (code as number | undefined) ?? CNI_CODE.unknown,
    msg: (msg as string | undefined) ?? '',
    ...(typeof details === 'string' && details ? { details } : {}),
  };
}

/** libcni FindInPath: the first regular file named `type` in the plugin directories. */
export async function findPlugin(type: string, binDirs: readonly string[]): Promise<string> {
  for (const dir of binDirs) {
    const path = join(dir, type);
    if ((await stat(path).catch(() => undefined))?.isFile()) return path;
  }
  throw new CniError('ECNI_EXEC', {
    cniCode: CNI_CODE.unknown,
    msg: `failed to find plugin ${JSON.stringify(type)} in path ${JSON.stringify(binDirs)}`,
    plugin: type,
  });
}
