import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { encodeCredentials, newCredentials } from './credentials.js';
import { forwardingShimText } from './shim.js';

/**
 * The shim's own decisions, without a server: every case here must end in the Node.js plugin, with
 * stdin untouched, before any connection is tried. Talking to a server is test/e2e/cni-fast-path.
 */
const IPAM_MAIN = fileURLToPath(new URL('../ipam/main.js', import.meta.url));
const PORT = 41999;
let dir = '';
let shim = '';
let tokenFile = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flatnet-cni-shim-'));
  shim = join(dir, 'flatnet-ipam');
  tokenFile = join(dir, "it's.credentials");
  const text = forwardingShimText({
    plugin: 'flatnet-ipam',
    port: PORT,
    tokenFile,
    node: process.execPath,
    entryPoint: IPAM_MAIN,
  });
  await writeFile(shim, text, { mode: 0o755 });
});
after(() => rm(dir, { recursive: true, force: true }));

function runShim(env: Record<string, string>, stdin: string) {
  const run = spawnSync(shim, [], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    input: stdin,
    encoding: 'utf8',
  });
  return { status: run.status, out: JSON.parse(run.stdout) as Record<string, unknown> };
}

test('the shim is valid bash and names its server and the fallback', async () => {
  const check = spawnSync('bash', ['-n', shim], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  const text = forwardingShimText({
    plugin: 'flatnet-ipam',
    port: PORT,
    tokenFile,
    node: '/n',
    entryPoint: '/e',
  });
  assert.match(text, /^#!\/bin\/bash\n/);
  assert.match(text, /^port=41999$/m);
  assert.match(text, /<'[^\n]*it'\\''s\.credentials'/);
  assert.match(text, /exec '\/n' '\/e' "\$@"/);
  assert.throws(() => forwardingShimText({ plugin: 'x', port: 0, tokenFile, node: '/n', entryPoint: '/e' }));
});

test('without credentials (node process down, or no root) the plugin runs itself, stdin intact', async () => {
  const run = runShim({ CNI_COMMAND: 'VERSION' }, '{"cniVersion":"0.4.0"}');
  assert.equal(run.status, 0);
  assert.equal(run.out['cniVersion'], '0.4.0'); // echoes stdin: it reached the plugin
});

test("another server's credentials (another port) are not used", async () => {
  await writeFile(tokenFile, encodeCredentials(newCredentials(PORT + 1)), { mode: 0o600 });
  const run = runShim({ CNI_COMMAND: 'VERSION' }, '{"cniVersion":"1.0.0"}');
  assert.deepEqual([run.status, run.out['cniVersion']], [0, '1.0.0']);
});

test('a variable holding a newline is left to the plugin, which reports it', async () => {
  await writeFile(tokenFile, encodeCredentials(newCredentials(PORT)), { mode: 0o600 });
  const run = runShim({ CNI_COMMAND: 'VERSION', CNI_CONTAINERID: 'c1\nc2' }, '');
  assert.equal(run.status, 1);
  assert.equal(run.out['code'], 4);
});
