import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BRIDGE_PLUGIN, IPAM_PLUGIN, installPlugins, shellQuote, shimText } from './install.js';

test('shell quoting survives quotes and spaces', () => {
  assert.equal(shellQuote("/opt/it's here"), `'/opt/it'\\''s here'`);
  assert.equal(
    shimText('/x/main.js', '/usr/bin/node'),
    `#!/bin/sh\nexec '/usr/bin/node' '/x/main.js' "$@"\n`,
  );
});

test('installPlugins writes executable shims that point at the compiled entry points', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flatnet-cni-bin-'));
  try {
    const installed = await installPlugins(join(dir, 'bin'));
    assert.deepEqual(installed, [join(dir, 'bin', BRIDGE_PLUGIN), join(dir, 'bin', IPAM_PLUGIN)]);
    assert.deepEqual((await readdir(join(dir, 'bin'))).sort(), [BRIDGE_PLUGIN, IPAM_PLUGIN]);
    for (const file of installed) {
      assert.equal((await stat(file)).mode & 0o777, 0o755);
      const entry = /exec '[^']+' '([^']+)'/.exec(await readFile(file, 'utf8'))?.[1];
      assert.ok(entry && existsSync(entry), `${file} points at ${entry}`);
      // The shim runs the plugin: VERSION needs no config and no privileges.
      const version = spawnSync(file, [], { env: { CNI_COMMAND: 'VERSION' }, input: '', encoding: 'utf8' });
      assert.equal(version.status, 0, version.stderr);
      assert.ok(
        (JSON.parse(version.stdout) as { supportedVersions: string[] }).supportedVersions.includes('1.1.0'),
      );
    }
    await installPlugins(join(dir, 'bin')); // reinstalling replaces in place
    assert.equal((await readdir(join(dir, 'bin'))).length, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('with a server, the shims are bash forwarders naming its port and credentials, still runnable alone', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flatnet-cni-bin-'));
  try {
    const tokenFile = join(dir, 'server.credentials'); // never written: the server is not there
    const installed = await installPlugins(join(dir, 'bin'), { server: { port: 40999, tokenFile } });
    for (const file of installed) {
      const text = await readFile(file, 'utf8');
      assert.match(text, /^#!\/bin\/bash\n/);
      assert.match(text, /^port=40999$/m);
      assert.ok(text.includes(`'${tokenFile}'`));
      const version = spawnSync(file, [], { env: { CNI_COMMAND: 'VERSION' }, input: '', encoding: 'utf8' });
      assert.equal(version.status, 0, version.stderr);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
