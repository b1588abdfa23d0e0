import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invoke, makeBridgeConf, makeEnv, withField, withIpam } from '../fixtures.js';
import { CNI_CODE } from '../spec/errors.js';
import { FakeStore } from './fake-store.js';
import { ipamPlugin } from './plugin.js';

/** The IPAM plugin end to end in-process, on the fake store: exactly what the executable prints. */

function setup() {
  const store = new FakeStore();
  const plugin = ipamPlugin({ openStore: () => store });
  const run = (command: string, conf = makeBridgeConf(), env: Record<string, string | undefined> = {}) =>
    invoke(plugin, makeEnv(command, env), conf);
  return { store, run };
}

const owner = (containerId: string, ifname = 'eth0') => ({ containerId, ifname });

test('ADD returns the abbreviated result (no interfaces, no interface index) and records the owner', async () => {
  const { store, run } = setup();
  const conf = makeBridgeConf(withIpam({ routes: [{ dst: '10.96.0.0/12' }] }));
  const add = await run('ADD', conf);
  assert.equal(add.exitCode, 0);
  assert.deepEqual(add.out, {
    cniVersion: '1.1.0',
    ips: [{ address: '10.244.1.2/24', gateway: '10.244.1.1' }],
    routes: [{ dst: '10.96.0.0/12' }],
    dns: {},
  });
  assert.deepEqual(store.entries.get('10.244.1.2'), owner('c0ffee01'));
  assert.equal(store.last.get(0), '10.244.1.2');
});

test('one address per range set, all in one result', async () => {
  const { store, run } = setup();
  const conf = makeBridgeConf(withIpam({ ranges: [[{ subnet: '10.245.0.0/24' }]] }));
  const add = await run('ADD', conf);
  assert.deepEqual(
    (add.out?.['ips'] as { address: string }[]).map((ip) => ip.address),
    ['10.244.1.2/24', '10.245.0.2/24'],
  );
  assert.equal(store.last.get(1), '10.245.0.2');
});

test('ADD twice for the same attachment is refused and keeps the first address', async () => {
  const { store, run } = setup();
  await run('ADD');
  const again = await run('ADD');
  assert.equal(again.exitCode, 1);
  assert.match(String(again.out?.['msg']), /duplicate allocation/);
  assert.equal(store.entries.size, 1);
});

test('an exhausted range is code 11 and leaves nothing reserved from other range sets', async () => {
  const { store, run } = setup();
  // Set 0 has room, set 1 (a /30) has one address, which c1 takes.
  const conf = makeBridgeConf(withIpam({ ranges: [[{ subnet: '10.245.0.0/30' }]] }));
  assert.equal((await run('ADD', conf, { CNI_CONTAINERID: 'c1' })).exitCode, 0);
  const full = await run('ADD', conf, { CNI_CONTAINERID: 'c2' });
  assert.equal(full.exitCode, 1);
  assert.equal(full.out?.['code'], CNI_CODE.TRY_AGAIN_LATER);
  assert.match(
    String(full.out?.['msg']),
    /no IP addresses available in range set: 10\.245\.0\.1-10\.245\.0\.2/,
  );
  assert.deepEqual(
    [...store.entries.values()].map((o) => o.containerId),
    ['c1', 'c1'],
  );
});

test('DEL releases the attachment only, and is idempotent', async () => {
  const { store, run } = setup();
  await run('ADD', undefined, { CNI_CONTAINERID: 'a' });
  await run('ADD', undefined, { CNI_CONTAINERID: 'a', CNI_IFNAME: 'net1' });
  for (let i = 0; i < 2; i++) {
    const del = await run('DEL', undefined, { CNI_CONTAINERID: 'a', CNI_NETNS: undefined });
    assert.deepEqual([del.exitCode, del.out], [0, undefined]);
  }
  assert.deepEqual([...store.entries.values()], [owner('a', 'net1')]);
});

test('DEL releases legacy files holding only the container ID (host-local before 0.7)', async () => {
  const { store, run } = setup();
  store.entries.set('10.244.1.9', { containerId: 'old', ifname: '' });
  await run('DEL', undefined, { CNI_CONTAINERID: 'old' });
  assert.equal(store.entries.size, 0);
});

test('CHECK succeeds while the attachment holds an address, fails after DEL', async () => {
  const { run } = setup();
  await run('ADD');
  assert.equal((await run('CHECK')).exitCode, 0);
  await run('DEL');
  const check = await run('CHECK');
  assert.equal(check.exitCode, 1);
  assert.match(String(check.out?.['msg']), /failed to find address/);
});

test('GC releases every address whose owner is not a valid attachment (SPEC.md GC)', async () => {
  const { store, run } = setup();
  for (const id of ['keep', 'leak1', 'leak2']) await run('ADD', undefined, { CNI_CONTAINERID: id });
  store.entries.set('10.244.1.50', { containerId: 'keep', ifname: 'net9' });
  const conf = makeBridgeConf(
    withField('cni.dev/valid-attachments', [{ containerID: 'keep', ifname: 'eth0' }]),
  );
  const gc = await run('GC', conf, {
    CNI_CONTAINERID: undefined,
    CNI_IFNAME: undefined,
    CNI_NETNS: undefined,
  });
  assert.deepEqual([gc.exitCode, gc.out], [0, undefined]);
  assert.deepEqual([...store.entries], [['10.244.1.2', owner('keep')]]);
});

test('GC with an empty valid list releases everything; legacy owners survive if their ID is valid', async () => {
  const { store, run } = setup();
  store.entries.set('10.244.1.7', { containerId: 'old', ifname: '' });
  store.entries.set('10.244.1.8', { containerId: 'gone', ifname: 'eth0' });
  const keepOld = makeBridgeConf(
    withField('cni.dev/valid-attachments', [{ containerID: 'old', ifname: 'eth0' }]),
  );
  await run('GC', keepOld);
  assert.deepEqual([...store.entries.keys()], ['10.244.1.7']);
  await run('GC', makeBridgeConf(withField('cni.dev/valid-attachments', [])));
  assert.equal(store.entries.size, 0);
});

test('STATUS: success with free addresses, 50 when a range set is exhausted or the store unreadable', async () => {
  const { store, run } = setup();
  const tiny = makeBridgeConf(withIpam({ subnet: '10.244.1.0/30' }));
  assert.deepEqual([(await run('STATUS', tiny)).exitCode], [0]);
  await run('ADD', tiny);
  const full = await run('STATUS', tiny);
  assert.deepEqual([full.exitCode, full.out?.['code']], [1, CNI_CODE.NOT_AVAILABLE]);
  store.failWith = new Error('EACCES');
  const broken = await run('STATUS');
  assert.deepEqual([broken.exitCode, broken.out?.['code']], [1, CNI_CODE.NOT_AVAILABLE]);
});

test('store I/O failures during ADD are code 5', async () => {
  const { store, run } = setup();
  store.failWith = Object.assign(new Error('read-only file system'), { code: 'EROFS' });
  const add = await run('ADD');
  assert.deepEqual([add.exitCode, add.out?.['code']], [1, CNI_CODE.IO_FAILURE]);
});
