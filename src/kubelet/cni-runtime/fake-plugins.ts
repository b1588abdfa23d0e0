import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CniCommand, CniResult, PluginExec, PluginOutput } from './types.js';

/** One plugin run as the fake saw it. */
export interface FakeCall {
  readonly plugin: string;
  readonly command: CniCommand;
  readonly env: Readonly<Record<string, string>>;
  /** stdin, parsed. */
  readonly conf: Readonly<Record<string, unknown>>;
}

/** What a fake plugin answers: a result (ADD), nothing (success), or raw output (errors, garbage). */
export type FakeAnswer = CniResult | PluginOutput | void;

export interface FakePlugin {
  /** Its VERSION reply's `supportedVersions`; default everything up to 1.1.0. */
  readonly versions?: readonly string[];
  /**
   * Answers a call; `undefined` falls back to the default: ADD passes `prevResult` through, or
   * invents one address when first; every other command succeeds.
   */
  readonly handle?: (call: FakeCall) => FakeAnswer | Promise<FakeAnswer>;
}

const ALL_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];

/**
 * Fake CNI plugins for tests of the runtime and of its users (the kubelet): an in-memory
 * `PluginExec` that records every call. Like the reference plugins, a fake refuses a config whose
 * `cniVersion` it does not support (code 1). `install(dir)` writes the empty files the runtime's
 * plugin lookup needs.
 */
export class FakePlugins {
  readonly calls: FakeCall[] = [];

  constructor(private readonly plugins: Readonly<Record<string, FakePlugin>>) {}

  readonly exec: PluginExec = async (pluginPath, env, stdin) => {
    const plugin = basename(pluginPath);
    const fake = this.plugins[plugin];
    if (!fake) throw Object.assign(new Error(`spawn ${pluginPath} ENOENT`), { code: 'ENOENT' });
    const call: FakeCall = {
      plugin,
      command: env['CNI_COMMAND'] as CniCommand,
      env,
      conf: JSON.parse(stdin),
    };
    this.calls.push(call);
    const versions = fake.versions ?? ALL_VERSIONS;
    if (call.command === 'VERSION')
      return ok({ cniVersion: call.conf['cniVersion'], supportedVersions: versions });
    const version = String(call.conf['cniVersion']);
    if (!versions.includes(version)) return failure(1, 'incompatible CNI versions', `config is "${version}"`);
    return toOutput((await fake.handle?.(call)) ?? defaultHandle(call));
  };

  /** `"<plugin> <COMMAND>"` for each call, VERSION probes left out. */
  log(): string[] {
    return this.calls.filter((c) => c.command !== 'VERSION').map((c) => `${c.plugin} ${c.command}`);
  }

  async install(binDir: string): Promise<void> {
    await mkdir(binDir, { recursive: true });
    for (const name of Object.keys(this.plugins)) await writeFile(join(binDir, name), '', { mode: 0o755 });
  }
}

export const ok = (value: unknown): PluginOutput => ({
  stdout: JSON.stringify(value),
  stderr: '',
  exitCode: 0,
});

export const failure = (code: number, msg: string, details?: string): PluginOutput => ({
  stdout: JSON.stringify({ cniVersion: '1.0.0', code, msg, ...(details ? { details } : {}) }),
  stderr: '',
  exitCode: 1,
});

function toOutput(answer: FakeAnswer): PluginOutput {
  if (answer === undefined) return { stdout: '', stderr: '', exitCode: 0 };
  if ('exitCode' in answer && typeof answer.exitCode === 'number') return answer as PluginOutput;
  return ok(answer);
}

function defaultHandle(call: FakeCall): FakeAnswer {
  if (call.command !== 'ADD') return undefined;
  if (call.conf['prevResult']) return call.conf['prevResult'] as CniResult;
  const version = String(call.conf['cniVersion']);
  const ip = { address: '10.0.0.2/24', gateway: '10.0.0.1', interface: 0 };
  return {
    cniVersion: version,
    interfaces: [{ name: call.env['CNI_IFNAME'] ?? '', sandbox: call.env['CNI_NETNS'] ?? '' }],
    ips: [version === '0.4.0' ? { ...ip, version: '4' } : ip],
  };
}
