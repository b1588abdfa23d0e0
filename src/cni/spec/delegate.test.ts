import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeEnv } from '../fixtures.js';
import { delegateRunner, findInPath, type PluginExec } from './delegate.js';
import { parseEnv } from './env.js';
import { CNI_CODE, CniError } from './errors.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flatnet-delegate-'));
  await writeFile(join(dir, 'ipam-x'), '#!/bin/sh\n', { mode: 0o755 });
  await writeFile(join(dir, 'not-exec'), 'data', { mode: 0o644 });
  await chmod(join(dir, 'not-exec'), 0o644);
});
after(() => rm(dir, { recursive: true, force: true }));

const hasCode = (code: number) => (err: unknown) => err instanceof CniError && err.cniCode === code;

test('findInPath takes the first executable of that name along CNI_PATH', async () => {
  assert.equal(await findInPath('ipam-x', ['/nonexistent', dir]), join(dir, 'ipam-x'));
  await assert.rejects(findInPath('not-exec', [dir]), hasCode(CNI_CODE.INVALID_CONFIG));
  await assert.rejects(findInPath('missing', [dir]), /failed to find plugin "missing"/);
});

test('the delegate gets the same environment and stdin, with CNI_COMMAND set (SPEC.md Section 4)', async () => {
  const seen: { env: Record<string, string | undefined>; stdin: string }[] = [];
  const exec: PluginExec = async (_file, env, stdin) => {
    seen.push({ env: { ...env }, stdin });
    return { code: 0, stdout: '{"cniVersion":"1.0.0","ips":[]}' };
  };
  const env = parseEnv(makeEnv('ADD', { CNI_PATH: dir, CNI_ARGS: 'A=1' }));
  const out = await delegateRunner(env, exec)('ipam-x', 'DEL', '{"name":"n"}');
  assert.deepEqual(out, { cniVersion: '1.0.0', ips: [] });
  assert.equal(seen[0]!.stdin, '{"name":"n"}');
  assert.deepEqual(seen[0]!.env, {
    ...makeEnv('ADD', { CNI_PATH: dir, CNI_ARGS: 'A=1' }),
    CNI_COMMAND: 'DEL',
  });
});

test("a delegate's error JSON comes back with its code; garbage is 999", async () => {
  const env = parseEnv(makeEnv('ADD', { CNI_PATH: dir }));
  const failing: PluginExec = async () => ({
    code: 1,
    stdout: '{"code":11,"msg":"exhausted","details":"d"}',
  });
  await assert.rejects(delegateRunner(env, failing)('ipam-x', 'ADD', '{}'), (err: unknown) => {
    return (
      err instanceof CniError && err.cniCode === 11 && err.message === 'exhausted' && err.details === 'd'
    );
  });
  const garbage: PluginExec = async () => ({ code: 2, stdout: 'panic' });
  await assert.rejects(delegateRunner(env, garbage)('ipam-x', 'ADD', '{}'), hasCode(CNI_CODE.INTERNAL));
});

test('"text file busy" is retried, as libcni does', async () => {
  let calls = 0;
  const busyOnce: PluginExec = async () => {
    if (calls++ === 0) throw Object.assign(new Error('busy'), { code: 'ETXTBSY' });
    return { code: 0, stdout: '' };
  };
  const env = parseEnv(makeEnv('DEL', { CNI_PATH: dir }));
  assert.equal(await delegateRunner(env, busyOnce)('ipam-x', 'DEL', '{}'), undefined);
  assert.equal(calls, 2);
});

test('without CNI_PATH the delegate cannot be found: code 4', async () => {
  const env = parseEnv(makeEnv('DEL', { CNI_PATH: undefined }));
  await assert.rejects(
    delegateRunner(env, async () => ({ code: 0, stdout: '' }))('ipam-x', 'DEL', '{}'),
    hasCode(4),
  );
});
