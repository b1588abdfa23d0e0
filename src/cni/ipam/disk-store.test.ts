import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeOwner, DiskStore, encodeOwner } from './disk-store.js';
import { flockFile } from './file-lock.js';

let dataDir = '';
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flatnet-ipam-'));
});
after(() => rm(dataDir, { recursive: true, force: true }));

test("files follow host-local's format: <ip> = id\\r\\nifname, last_reserved_ip.<n>, lock", async () => {
  const store = new DiskStore(dataDir, 'net-a');
  await store.withLock(async () => {
    assert.equal(await store.reserve('10.0.0.2', { containerId: 'c1', ifname: 'eth0' }, 0), true);
    assert.equal(await store.reserve('10.0.0.2', { containerId: 'c2', ifname: 'eth0' }, 0), false);
  });
  const dir = join(dataDir, 'net-a');
  assert.deepEqual((await readdir(dir)).sort(), ['10.0.0.2', 'last_reserved_ip.0', 'lock']);
  assert.equal(await readFile(join(dir, '10.0.0.2'), 'utf8'), 'c1\r\neth0');
  assert.equal(await readFile(join(dir, 'last_reserved_ip.0'), 'utf8'), '10.0.0.2');
  assert.equal(await store.lastReserved(0), '10.0.0.2');
  assert.equal(await store.lastReserved(1), undefined);
});

test('reservations skip non-address files and read legacy ID-only files', async () => {
  const store = new DiskStore(dataDir, 'net-b');
  await store.withLock(async () => undefined);
  await writeFile(join(store.dir, '10.0.0.9'), 'legacy-id\n');
  await writeFile(join(store.dir, '10.0.0.10'), encodeOwner({ containerId: 'c1', ifname: 'net1' }));
  const all = (await store.reservations()).sort((a, b) => a.ip.localeCompare(b.ip));
  assert.deepEqual(all, [
    { ip: '10.0.0.10', owner: { containerId: 'c1', ifname: 'net1' } },
    { ip: '10.0.0.9', owner: { containerId: 'legacy-id', ifname: '' } },
  ]);
  await store.release('10.0.0.9');
  await store.release('10.0.0.9'); // idempotent
  await store.release('lock'); // never a reservation
  assert.deepEqual((await readdir(store.dir)).sort(), ['10.0.0.10', 'lock']);
});

test('a network that never allocated has no reservations (and no directory is created by reading)', async () => {
  const store = new DiskStore(dataDir, 'net-none');
  assert.deepEqual(await store.reservations(), []);
  await assert.rejects(readdir(store.dir));
});

test('decodeOwner trims as host-local does', () => {
  assert.deepEqual(decodeOwner(' id\r\neth0\n'), { containerId: 'id', ifname: 'eth0' });
});

test('the lock excludes a second holder until released, and times out with code 11', async () => {
  const lock = join(dataDir, 'lockfile');
  const unlock = await flockFile(lock, 5000);
  await assert.rejects(flockFile(lock, 1000), (err: unknown) => (err as { cniCode?: number }).cniCode === 11);
  await unlock();
  const again = await flockFile(lock, 1000);
  await again();
});

test('withLock serialises concurrent critical sections', async () => {
  const store = new DiskStore(dataDir, 'net-c');
  const events: string[] = [];
  const section = (name: string) =>
    store.withLock(async () => {
      events.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 30));
      events.push(`${name}-`);
    });
  await Promise.all([section('a'), section('b')]);
  assert.ok(
    events.join() === 'a+,a-,b+,b-' || events.join() === 'b+,b-,a+,a-',
    `interleaved: ${events.join()}`,
  );
});
