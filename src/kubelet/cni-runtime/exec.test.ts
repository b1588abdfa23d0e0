import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { pluginExecIn } from './exec.js';
import { tempDir } from './fixtures.js';

// A stand-in plugin: a shell script in a temp dir, run in this process's own namespace (no root).
async function script(body: string): Promise<string> {
  const dir = await tempDir('exec');
  const path = join(dir, 'plugin');
  await writeFile(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

test('passes env and stdin, returns stdout, stderr and the exit code', async () => {
  const path = await script('echo "$CNI_COMMAND $CNI_IFNAME"; cat; echo oops >&2; exit 3');
  const out = await pluginExecIn(null)(path, { CNI_COMMAND: 'ADD', CNI_IFNAME: 'eth0' }, '{"x":1}');
  assert.deepEqual(out, { stdout: 'ADD eth0\n{"x":1}', stderr: 'oops\n', exitCode: 3 });
});

test('keeps PATH but no CNI_* variable of its own process', async () => {
  process.env['CNI_CONTAINERID'] = 'leaked';
  try {
    const path = await script('echo "[${CNI_CONTAINERID-unset}] ${PATH:+path}"');
    const out = await pluginExecIn(null)(path, { CNI_COMMAND: 'GC' }, '{}');
    assert.equal(out.stdout, '[unset] path\n');
  } finally {
    delete process.env['CNI_CONTAINERID'];
  }
});

test('kills a plugin that hangs', async () => {
  const path = await script('exec sleep 30');
  const out = await pluginExecIn(null, 200)(path, {}, '');
  assert.notEqual(out.exitCode, 0);
  assert.match(out.stderr, /killed by SIGKILL/);
});

test('a missing binary rejects (the runtime reports ECNI_EXEC)', async () => {
  await assert.rejects(pluginExecIn(null)('/nonexistent/fncrt-plugin', {}, ''), { code: 'ENOENT' });
});
