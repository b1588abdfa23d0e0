import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { FakePlugins, type FakeCall, type FakePlugin } from './fake-plugins.js';
import { CniRuntime } from './runtime.js';
import type { Attachment } from './types.js';

/** Test fixtures: a temp config dir, bin dir with fake plugins, and cache dir per runtime. */
export interface Harness {
  readonly runtime: CniRuntime;
  readonly fakes: FakePlugins;
  readonly confDir: string;
  readonly binDir: string;
  readonly cacheDir: string;
  writeConf(file: string, value: unknown): Promise<void>;
}

const roots: string[] = [];
after(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** A temporary directory, removed after the test file. */
export async function tempDir(tag: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `fncrt-${tag}-`));
  roots.push(dir);
  return dir;
}

export async function makeHarness(
  plugins: Record<string, FakePlugin>,
  conflist?: { name?: string; cniVersion?: string; plugins: unknown[]; [key: string]: unknown },
): Promise<Harness> {
  const root = await tempDir('unit');
  const [confDir, binDir, cacheDir] = ['conf', 'bin', 'cache'].map((d) => join(root, d)) as [
    string,
    string,
    string,
  ];
  const fakes = new FakePlugins(plugins);
  await fakes.install(binDir);
  const writeConf = async (file: string, value: unknown): Promise<void> => {
    await mkdir(confDir, { recursive: true });
    await writeFile(join(confDir, file), typeof value === 'string' ? value : JSON.stringify(value));
  };
  if (conflist) await writeConf('10-net.conflist', { name: 'net', cniVersion: '1.1.0', ...conflist });
  const runtime = new CniRuntime({
    confDir,
    binDirs: [binDir],
    cacheDir,
    exec: fakes.exec,
    busyRetryDelayMs: 0,
  });
  return { runtime, fakes, confDir, binDir, cacheDir, writeConf };
}

export function makeAttachment(
  containerId: string,
  ...tweaks: ((a: Attachment) => Attachment)[]
): Attachment {
  const base: Attachment = { containerId, netns: `/run/netns/${containerId}`, ifName: 'eth0' };
  return tweaks.reduce((a, tweak) => tweak(a), base);
}

export const withArgs =
  (args: Record<string, string>) =>
  (a: Attachment): Attachment => ({ ...a, args });

export const withCapabilities =
  (capabilityArgs: Record<string, unknown>) =>
  (a: Attachment): Attachment => ({ ...a, capabilityArgs });

/** A pod's Kubernetes CNI_ARGS. */
export const podArgs = (name: string, uid = `uid-${name}`): Record<string, string> => ({
  K8S_POD_NAMESPACE: 'default',
  K8S_POD_NAME: name,
  K8S_POD_INFRA_CONTAINER_ID: `cid-${name}`,
  K8S_POD_UID: uid,
});

export const callsOf = (calls: readonly FakeCall[], command: string): FakeCall[] =>
  calls.filter((c) => c.command === command);

/** Three pass-through fake plugins and a conflist that chains them. */
export const threeFakes = { first: {}, second: {}, third: {} };
export const threeChain = { plugins: [{ type: 'first' }, { type: 'second' }, { type: 'third' }] };
