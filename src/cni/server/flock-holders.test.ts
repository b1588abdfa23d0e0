import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { flockFile } from '../ipam/file-lock.js';
import { FlockHolders } from './flock-holders.js';

/** The held lock is flock(2) on the file: flock(1) (host-local's and our executables' lock) sees it. */
let dir = '';
const holders = new FlockHolders();
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flatnet-flock-'));
});
after(async () => {
  holders.close();
  await rm(dir, { recursive: true, force: true });
});

const isTryAgain = (err: unknown) => (err as { cniCode?: number }).cniCode === 11;

test('while held, flock(1) waits; once released, it gets the lock', async () => {
  const file = join(dir, 'lock');
  const unlock = await holders.lock(file, 5000);
  await assert.rejects(flockFile(file, 1000), isTryAgain);
  await unlock();
  const outside = await flockFile(file, 1000);
  await assert.rejects(holders.lock(file, 1000), isTryAgain); // and the other way round
  await outside();
  await (
    await holders.lock(file, 1000)
  )();
});

test('a directory removed and made again: the new file is locked, not the orphan', async () => {
  const sub = join(dir, 'net');
  await mkdir(sub);
  await (
    await holders.lock(join(sub, 'lock'), 1000)
  )();
  await rm(sub, { recursive: true });
  await mkdir(sub);
  const unlock = await holders.lock(join(sub, 'lock'), 1000);
  await assert.rejects(flockFile(join(sub, 'lock'), 1000), isTryAgain);
  await unlock();
});
