import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ResultCache, encodeConfig, entryConfig } from './cache.js';
import { isCniError } from './errors.js';
import { failure } from './fake-plugins.js';
import {
  callsOf,
  makeAttachment,
  makeHarness,
  podArgs,
  tempDir,
  threeChain,
  threeFakes,
  withArgs,
  withCapabilities,
} from './fixtures.js';
import type { CacheEntry } from './types.js';

const entry = (networkName: string, containerId: string, ifName = 'eth0'): CacheEntry => ({
  kind: 'cniCacheV1',
  containerId,
  config: encodeConfig(
    JSON.stringify({ name: networkName, cniVersion: '1.0.0', plugins: [{ type: 'bridge' }] }),
  ),
  ifName,
  networkName,
  netns: `/run/netns/${containerId}`,
  cniArgs: [['IgnoreUnknown', '1']],
  result: { cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/24' }] },
});

const newCache = async () => {
  const dir = await tempDir('cache');
  return { dir, cache: new ResultCache(dir) };
};

test('an entry is written at results/<net>-<cid>-<ifname>, 0600 in a 0700 directory', async () => {
  const { dir, cache } = await newCache();
  await cache.write(entry('my-net', 'c1'));
  const file = join(dir, 'results', 'my-net-c1-eth0');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal((await stat(join(dir, 'results'))).mode & 0o777, 0o700);
  const onDisk = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(onDisk.kind, 'cniCacheV1');
  assert.deepEqual(onDisk, entry('my-net', 'c1'));
  // libcni's Config []byte is base64 on disk.
  assert.equal(JSON.parse(entryConfig(onDisk)).name, 'my-net');
});

test('read, overwrite and remove', async () => {
  const { cache } = await newCache();
  assert.equal(await cache.read('n', 'c1', 'eth0'), undefined);
  await cache.write(entry('n', 'c1'));
  await cache.write({ ...entry('n', 'c1'), netns: '/run/netns/other' });
  assert.equal((await cache.read('n', 'c1', 'eth0'))?.netns, '/run/netns/other');
  await cache.remove('n', 'c1', 'eth0');
  await cache.remove('n', 'c1', 'eth0'); // twice is fine
  assert.equal(await cache.read('n', 'c1', 'eth0'), undefined);
});

test('list finds entries by content, skipping corrupt, foreign and temporary files', async () => {
  const { dir, cache } = await newCache();
  await cache.write(entry('a-b', 'c-1'));
  await cache.write(entry('a', 'x-c-1'));
  await cache.write(entry('net', 'c2', 'net1'));
  await writeFile(join(dir, 'results', 'net-c3-eth0'), '{"kind":"cni');
  await writeFile(
    join(dir, 'results', 'net-c4-eth0'),
    JSON.stringify({ ...entry('net', 'c4'), kind: 'other' }),
  );
  await writeFile(join(dir, 'results', '.tmp-123'), JSON.stringify(entry('net', 'c5')));
  const all = await cache.list();
  assert.deepEqual(
    all.map((e) => `${e.networkName}|${e.containerId}|${e.ifName}`),
    ['a-b|c-1|eth0', 'a|x-c-1|eth0', 'net|c2|net1'],
  );
  // "a-x-c-1-eth0" also ends in "-c-1-eth0": the file name is a hint, the content decides.
  const one = await cache.list({ containerId: 'c-1', ifName: 'eth0' });
  assert.deepEqual(
    one.map((e) => e.networkName),
    ['a-b'],
  );
});

test('a missing cache directory lists nothing', async () => {
  assert.deepEqual(await new ResultCache('/nonexistent/fncrt').list(), []);
});

describe('result cache', () => {
  test('ADD writes the libcni entry; DEL reads it for prevResult and removes it; DEL again is fine', async () => {
    const h = await makeHarness(threeFakes, threeChain);
    const att = makeAttachment('c1', withArgs(podArgs('web')), withCapabilities({ portMappings: [] }));
    const result = await h.runtime.add(att);
    const file = join(h.cacheDir, 'results', 'net-c1-eth0');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const entry = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(Object.keys(entry).sort(), [
      'capabilityArgs',
      'cniArgs',
      'config',
      'containerId',
      'ifName',
      'kind',
      'netns',
      'networkName',
      'result',
    ]);
    assert.equal(entry.kind, 'cniCacheV1');
    assert.deepEqual(entry.cniArgs[0], ['IgnoreUnknown', '1']);
    assert.deepEqual(entry.result, result);
    assert.equal(JSON.parse(entryConfig(entry)).plugins.length, 3);
    await h.runtime.del(att);
    await assert.rejects(stat(file), { code: 'ENOENT' });
    h.fakes.calls.length = 0;
    await h.runtime.del(att);
    assert.deepEqual(h.fakes.log(), ['third DEL', 'second DEL', 'first DEL']);
    assert.ok(
      h.fakes.calls.every((c) => !('prevResult' in c.conf)),
      'without a cache DEL sends no prevResult',
    );
  });

  test('DEL takes args and capability args from the cache when the caller has none', async () => {
    const h = await makeHarness(
      { first: {} },
      { plugins: [{ type: 'first', capabilities: { portMappings: true } }] },
    );
    await h.runtime.add(
      makeAttachment('c1', withArgs(podArgs('web')), withCapabilities({ portMappings: [1] })),
    );
    await h.runtime.del(makeAttachment('c1'));
    const [del] = callsOf(h.fakes.calls, 'DEL');
    assert.match(del!.env['CNI_ARGS']!, /K8S_POD_NAME=web/);
    assert.deepEqual(del!.conf['runtimeConfig'], { portMappings: [1] });
  });

  test('DEL and CHECK use the config ADD used, even after the config directory changed', async () => {
    const h = await makeHarness({ ...threeFakes, newer: {} }, threeChain);
    const att = makeAttachment('c1');
    await h.runtime.add(att);
    await h.writeConf('10-net.conflist', { name: 'net', cniVersion: '1.1.0', plugins: [{ type: 'newer' }] });
    h.fakes.calls.length = 0;
    await h.runtime.check(att);
    await h.runtime.del(att);
    assert.deepEqual(h.fakes.log(), [
      'first CHECK',
      'second CHECK',
      'third CHECK',
      'third DEL',
      'second DEL',
      'first DEL',
    ]);
  });

  test('a failed DEL keeps the entry so the retry still has prevResult', async () => {
    let fail = true;
    const h = await makeHarness(
      { first: { handle: (c) => (c.command === 'DEL' && fail ? failure(5, 'io') : undefined) } },
      { plugins: [{ type: 'first' }] },
    );
    const att = makeAttachment('c1');
    await h.runtime.add(att);
    await assert.rejects(h.runtime.del(att), /io/);
    fail = false;
    await h.runtime.del(att);
    assert.ok(callsOf(h.fakes.calls, 'DEL').every((c) => 'prevResult' in c.conf));
  });

  test('CHECK needs a cached ADD; disableCheck skips it', async () => {
    const h = await makeHarness(threeFakes, threeChain);
    await assert.rejects(
      h.runtime.check(makeAttachment('c1')),
      (err) => isCniError(err) && err.code === 'ECNI_STATE' && err.cniCode === 3,
    );
    const off = await makeHarness(threeFakes, { ...threeChain, disableCheck: true });
    await off.runtime.add(makeAttachment('c1'));
    off.fakes.calls.length = 0;
    await off.runtime.check(makeAttachment('c1'));
    assert.deepEqual(off.fakes.log(), []);
  });
});
