import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  decodeCredentials,
  encodeCredentials,
  newCredentials,
  removeCredentials,
  sameToken,
  writeCredentials,
} from './credentials.js';

test('credentials are "<port> <client token> <server token>", fresh each time', () => {
  const a = newCredentials(41234);
  const b = newCredentials(41234);
  assert.match(encodeCredentials(a), /^41234 [0-9a-f]{64} [0-9a-f]{64}\n$/);
  assert.notEqual(a.clientToken, b.clientToken);
  assert.notEqual(a.clientToken, a.serverToken);
  assert.deepEqual(decodeCredentials(encodeCredentials(a)), a);
  assert.equal(decodeCredentials('41234 short tokens\n'), undefined);
});

test('the file is root-only (0600) even over a readable one, and removed only while it is ours', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flatnet-cni-cred-'));
  try {
    const file = join(dir, 'sub', 'server.credentials');
    await writeCredentials(file, newCredentials(1));
    await writeFile(file, 'old', { mode: 0o644 });
    const ours = newCredentials(2);
    await writeCredentials(file, ours);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(decodeCredentials(await readFile(file, 'utf8')), ours);
    await removeCredentials(file, newCredentials(2)); // a newer server's: left alone
    assert.deepEqual(decodeCredentials(await readFile(file, 'utf8')), ours);
    await removeCredentials(file, ours);
    await assert.rejects(stat(file), { code: 'ENOENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tokens compare whole', () => {
  assert.ok(sameToken('abcd', 'abcd'));
  assert.ok(!sameToken('abc', 'abcd'));
  assert.ok(!sameToken('abce', 'abcd'));
  assert.ok(!sameToken('', 'abcd'));
});
