import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invoke, makeEnv } from '../fixtures.js';
import { CNI_CODE, CniError } from './errors.js';
import type { Json } from './netconf.js';
import type { Plugin } from './plugin-main.js';
import { versionAtLeast } from './version.js';

/** A plugin that records what it was asked and answers with a fixed result. */
function stubPlugin(fail?: Error): Plugin<{ seen: string }> & { calls: string[] } {
  const calls: string[] = [];
  const done = async (what: string) => {
    calls.push(what);
    if (fail) throw fail;
  };
  return {
    calls,
    about: 'stub',
    parse: (raw) => ({ seen: String(raw['name']) }),
    add: async (req) => {
      await done(`ADD ${req.conf.seen}`);
      return { ips: [{ address: '10.0.0.2/24', gateway: '10.0.0.1' }], routes: [], dns: {} };
    },
    del: () => done('DEL'),
    check: () => done('CHECK'),
    gc: () => done('GC'),
    status: () => done('STATUS'),
  };
}

const conf = (cniVersion?: string) => ({ ...(cniVersion && { cniVersion }), name: 'net', type: 'stub' });

test('ADD prints the result in the config version and exits 0', async () => {
  const plugin = stubPlugin();
  const run = await invoke(plugin, makeEnv('ADD'), conf('0.4.0'));
  assert.equal(run.exitCode, 0);
  assert.deepEqual(run.out, {
    cniVersion: '0.4.0',
    ips: [{ version: '4', address: '10.0.0.2/24', gateway: '10.0.0.1' }],
    dns: {},
  });
  assert.deepEqual(plugin.calls, ['ADD net']);
});

test('DEL, CHECK, GC and STATUS print nothing on success', async () => {
  for (const command of ['DEL', 'CHECK', 'GC', 'STATUS']) {
    const run = await invoke(stubPlugin(), makeEnv(command), conf('1.1.0'));
    assert.deepEqual([run.exitCode, run.out], [0, undefined], command);
  }
});

test('VERSION needs no config and echoes the input cniVersion (SPEC.md "VERSION Success")', async () => {
  const run = await invoke(stubPlugin(), { CNI_COMMAND: 'VERSION' }, '{"cniVersion":"1.0.0"}');
  assert.deepEqual(run.out, {
    cniVersion: '1.0.0',
    supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'],
  });
  const bare = await invoke(stubPlugin(), { CNI_COMMAND: 'VERSION' }, '');
  assert.equal(bare.out?.['cniVersion'], '1.1.0');
});

// Each case: what the runtime gets on stdout (code) for a broken invocation; the plugin never runs.
const ERRORS: [what: string, command: string, stdin: string | Json, code: number][] = [
  ['stdin is not JSON', 'ADD', '{"name":', CNI_CODE.DECODE_FAILURE],
  ['stdin is a JSON list', 'ADD', '[]', CNI_CODE.DECODE_FAILURE],
  ['no network name', 'ADD', { cniVersion: '1.0.0' }, CNI_CODE.INVALID_CONFIG],
  ['a network name with a slash', 'ADD', { cniVersion: '1.0.0', name: 'a/b' }, CNI_CODE.INVALID_CONFIG],
  ['no cniVersion (libcni reads 0.1.0)', 'ADD', conf(), CNI_CODE.INCOMPATIBLE_VERSION],
  ['an unsupported cniVersion', 'ADD', conf('0.2.0'), CNI_CODE.INCOMPATIBLE_VERSION],
  ['a future cniVersion', 'ADD', conf('2.0.0'), CNI_CODE.INCOMPATIBLE_VERSION],
  ['a cniVersion that is no version', 'ADD', conf('one'), CNI_CODE.DECODE_FAILURE],
  ['CHECK before 0.4.0', 'CHECK', conf('0.3.1'), CNI_CODE.INCOMPATIBLE_VERSION],
  ['GC before 1.1.0', 'GC', conf('1.0.0'), CNI_CODE.INCOMPATIBLE_VERSION],
  ['STATUS before 1.1.0', 'STATUS', conf('1.0.0'), CNI_CODE.INCOMPATIBLE_VERSION],
];

for (const [what, command, stdin, code] of ERRORS) {
  test(`${what}: error JSON with code ${code}, exit 1`, async () => {
    const plugin = stubPlugin();
    const run = await invoke(plugin, makeEnv(command), stdin);
    assert.equal(run.exitCode, 1);
    assert.equal(run.out?.['code'], code);
    assert.equal(typeof run.out?.['msg'], 'string');
    assert.equal(typeof run.out?.['cniVersion'], 'string');
    assert.deepEqual(plugin.calls, []);
  });
}

test('a missing CNI_COMMAND is code 4 (with the about text on stderr for humans)', async () => {
  const run = await invoke(stubPlugin(), {}, conf('1.0.0'));
  assert.equal(run.exitCode, 1);
  assert.equal(run.out?.['code'], CNI_CODE.INVALID_ENV);
  assert.match(run.stderr, /stub/);
});

test('plugin errors keep their code; anything else becomes 999 with its message', async () => {
  const typed = await invoke(stubPlugin(new CniError(11, 'busy', 'later')), makeEnv('ADD'), conf('1.1.0'));
  assert.deepEqual(typed.out, { cniVersion: '1.1.0', code: 11, msg: 'busy', details: 'later' });
  const plain = await invoke(stubPlugin(new Error('boom')), makeEnv('DEL'), conf('1.1.0'));
  assert.deepEqual(plain.out, { cniVersion: '1.1.0', code: 999, msg: 'boom' });
});

test('versionAtLeast compares numerically', () => {
  assert.ok(versionAtLeast('0.10.0', '0.4.0'));
  assert.ok(versionAtLeast('1.1.0', '1.1.0'));
  assert.ok(!versionAtLeast('0.4.0', '1.0.0'));
});
