import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FakeKernel } from '../kernel/fake/fake-kernel.js';
import { netnsNameFromPath } from '../kernel/validate.js';
import { makeBridgeConf, makeEnv, withIpam } from './fixtures.js';
import { installPlugins } from './install.js';
import { FakeStore } from './ipam/fake-store.js';
import { BRIDGE_PLUGIN, IPAM_PLUGIN } from './plugin-names.js';
import { createPluginRunner } from './plugins.js';
import { realPluginRunner } from './real-plugins.js';
import type { PluginOutput } from './spec/plugin-main.js';

/**
 * `runPlugin` in this process answers exactly what the executable answers (exit code, stdout,
 * stderr), call for call. Nothing here touches a network namespace: flatnet-ipam works on a temp
 * directory, and the bridge calls fail (or only delegate) before any kernel change.
 */
const MAIN = {
  [BRIDGE_PLUGIN]: fileURLToPath(new URL('./bridge/main.js', import.meta.url)),
  [IPAM_PLUGIN]: fileURLToPath(new URL('./ipam/main.js', import.meta.url)),
};
let dir = '';
let binDir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flatnet-cni-runner-'));
  binDir = join(dir, 'bin');
  await installPlugins(binDir);
});
after(() => rm(dir, { recursive: true, force: true }));

function executable(
  plugin: keyof typeof MAIN,
  env: Record<string, string>,
  stdin: string,
): Promise<PluginOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN[plugin]], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

type Extra = Record<string, string | undefined>;
type Step = [what: string, plugin: keyof typeof MAIN, command: string, stdin: object | string, env?: Extra];

/** Runs the same steps through both paths, each on its own IPAM directory, and compares each answer. */
/** Each step's outcome in short: `ok`, `ok <first IP>` or `code <CNI error code>`. */
async function sameAnswers(steps: readonly Step[]): Promise<Record<string, string>> {
  const runPlugin = realPluginRunner();
  const answers: Record<string, PluginOutput[]> = {};
  for (const [index, path] of ['executable', 'in-process'].entries()) {
    const dataDir = join(dir, `ipam-${path}`);
    await rm(dataDir, { recursive: true, force: true });
    for (const [what, plugin, command, stdin, extra] of steps) {
      const env = { PATH: process.env['PATH'] ?? '', ...makeEnv(command, { CNI_PATH: binDir, ...extra }) };
      const text = typeof stdin === 'string' ? stdin : JSON.stringify(stdin).replaceAll('@DATA', dataDir);
      const out = index === 0 ? await executable(plugin, env, text) : await runPlugin(plugin, env, text);
      const normalized = JSON.parse(JSON.stringify(out).replaceAll(dataDir, '@DATA')) as PluginOutput;
      answers[what] ??= [];
      answers[what].push(normalized);
    }
  }
  const outcomes: Record<string, string> = {};
  for (const [what, [standalone, inProcess]] of Object.entries(answers)) {
    assert.deepEqual(inProcess, standalone, what);
    outcomes[what] = outcome(standalone!);
  }
  return outcomes;
}

function outcome(out: PluginOutput): string {
  const json = (out.stdout.trim() === '' ? {} : JSON.parse(out.stdout)) as {
    code?: number;
    ips?: { address: string }[];
  };
  if (out.exitCode !== 0) return `code ${json.code}`;
  return json.ips ? `ok ${json.ips[0]?.address}` : 'ok';
}
const ipamConf = (fields: object = {}) => ({
  cniVersion: '1.1.0',
  name: 'podnet',
  ipam: { type: IPAM_PLUGIN, subnet: '10.244.1.0/24', dataDir: '@DATA', ...fields },
});
const prevResult = { cniVersion: '1.1.0', ips: [{ address: '10.244.1.2/24', gateway: '10.244.1.1' }] };

describe('in-process runPlugin answers as the executables do', () => {
  test('flatnet-ipam: ADD, CHECK, DEL, GC, STATUS, VERSION and errors', async () => {
    const outcomes = await sameAnswers([
      ['ipam VERSION', IPAM_PLUGIN, 'VERSION', '{"cniVersion":"0.4.0"}'],
      ['ipam ADD', IPAM_PLUGIN, 'ADD', ipamConf()],
      ['ipam ADD again', IPAM_PLUGIN, 'ADD', ipamConf()],
      ['ipam ADD other', IPAM_PLUGIN, 'ADD', ipamConf(), { CNI_CONTAINERID: 'other' }],
      ['ipam CHECK', IPAM_PLUGIN, 'CHECK', { ...ipamConf(), prevResult }],
      ['ipam STATUS', IPAM_PLUGIN, 'STATUS', ipamConf()],
      ['ipam GC', IPAM_PLUGIN, 'GC', { ...ipamConf(), 'cni.dev/valid-attachments': [] }],
      ['ipam DEL', IPAM_PLUGIN, 'DEL', ipamConf()],
      ['ipam DEL again', IPAM_PLUGIN, 'DEL', ipamConf()],
      ['ipam not JSON', IPAM_PLUGIN, 'ADD', '{"name":'],
      ['ipam no subnet', IPAM_PLUGIN, 'ADD', { ...ipamConf(), ipam: { type: IPAM_PLUGIN } }],
      ['ipam old version', IPAM_PLUGIN, 'ADD', { ...ipamConf(), cniVersion: '0.2.0' }],
      ['ipam bad env', IPAM_PLUGIN, 'ADD', ipamConf(), { CNI_CONTAINERID: '-bad', CNI_IFNAME: 'a/b' }],
      ['ipam no command', IPAM_PLUGIN, 'ADD', ipamConf(), { CNI_COMMAND: undefined }],
    ]);
    assert.deepEqual(outcomes, {
      'ipam VERSION': 'ok',
      'ipam ADD': 'ok 10.244.1.2/24',
      'ipam ADD again': 'code 999',
      'ipam ADD other': 'ok 10.244.1.3/24',
      'ipam CHECK': 'ok',
      'ipam STATUS': 'ok',
      'ipam GC': 'ok',
      'ipam DEL': 'ok',
      'ipam DEL again': 'ok',
      'ipam not JSON': 'code 6',
      'ipam no subnet': 'code 7',
      'ipam old version': 'code 1',
      'ipam bad env': 'code 4',
      'ipam no command': 'code 4',
    });
  });

  test('flatnet-bridge: VERSION, errors, and GC/STATUS through its flatnet-ipam delegate', async () => {
    const bridge = (fields: object = {}) => makeBridgeConf(withIpam({ dataDir: '@DATA', ...fields }));
    const outcomes = await sameAnswers([
      ['bridge VERSION', BRIDGE_PLUGIN, 'VERSION', ''],
      ['bridge no netns', BRIDGE_PLUGIN, 'ADD', bridge(), { CNI_NETNS: '/run/netns/flatnet-no-such-ns' }],
      ['bridge bad mtu', BRIDGE_PLUGIN, 'ADD', { ...bridge(), mtu: 10 }],
      ['bridge vlan', BRIDGE_PLUGIN, 'ADD', { ...bridge(), vlan: 5 }],
      ['bridge GC', BRIDGE_PLUGIN, 'GC', { ...bridge(), 'cni.dev/valid-attachments': [] }],
      ['bridge STATUS', BRIDGE_PLUGIN, 'STATUS', bridge()],
      ['bridge missing IPAM', BRIDGE_PLUGIN, 'STATUS', bridge({ type: 'flatnet-nothing' })],
      ['bridge no CNI_PATH', BRIDGE_PLUGIN, 'STATUS', bridge(), { CNI_PATH: '' }],
    ]);
    assert.deepEqual(outcomes, {
      'bridge VERSION': 'ok',
      'bridge no netns': 'code 3',
      'bridge bad mtu': 'code 7',
      'bridge vlan': 'code 2',
      'bridge GC': 'ok',
      'bridge STATUS': 'ok',
      'bridge missing IPAM': 'code 7',
      'bridge no CNI_PATH': 'code 4',
    });
  });
});

describe('delegation from flatnet-bridge', () => {
  async function setup(ipamType: string) {
    const kernel = new FakeKernel();
    for (const ns of ['node', 'pod-a']) await kernel.createNetns(ns);
    const spawned: string[] = [];
    const store = new FakeStore();
    const runPlugin = createPluginRunner({
      node: kernel.host('node'),
      openNetns: (path) => kernel.hostAtPath(path),
      inspectNetns: async (path) =>
        (await kernel.listNetns()).includes(netnsNameFromPath(path) ?? '') ? 'netns' : 'missing',
      openStore: () => store,
      spawn: (stderr) => async (file) => {
        spawned.push(file);
        stderr('host-local says hi\n');
        return {
          code: 0,
          stdout: JSON.stringify({ cniVersion: '1.1.0', ips: [{ address: '10.244.1.9/24' }] }),
        };
      },
    });
    await writeFile(join(binDir, 'host-local'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const env = makeEnv('ADD', { CNI_PATH: binDir });
    const out = await runPlugin(
      BRIDGE_PLUGIN,
      env,
      JSON.stringify(makeBridgeConf(withIpam({ type: ipamType }))),
    );
    return { out, spawned, store };
  }

  test('flatnet-ipam runs in this process: no executable is started', async () => {
    const { out, spawned, store } = await setup(IPAM_PLUGIN);
    assert.equal(out.exitCode, 0, out.stdout);
    assert.deepEqual(spawned, []);
    assert.deepEqual([...store.entries.keys()], ['10.244.1.2']);
  });

  test('any other IPAM is executed from CNI_PATH, its stderr passed through', async () => {
    const { out, spawned } = await setup('host-local');
    assert.equal(out.exitCode, 0, out.stdout);
    assert.deepEqual(spawned, [join(binDir, 'host-local')]);
    assert.equal(out.stderr, 'host-local says hi\n');
    assert.equal((JSON.parse(out.stdout) as { ips: { address: string }[] }).ips[0]!.address, '10.244.1.9/24');
  });
});
