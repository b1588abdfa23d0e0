import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadNetworkConfig, parseNetworkConfig } from './config.js';
import { isCniError } from './errors.js';
import { tempDir } from './fixtures.js';

const list = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge' }], ...extra });

async function confDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('conf');
  for (const [name, text] of Object.entries(files)) {
    if (text === '<dir>') await mkdir(join(dir, name));
    else await writeFile(join(dir, name), text);
  }
  return dir;
}

describe('loadNetworkConfig picks the lowest-sorted config file', () => {
  const cases: { name: string; files: Record<string, string>; want: string }[] = [
    { name: 'byte order', files: { '20-b.conflist': list('b'), '10-a.conflist': list('a') }, want: 'a' },
    {
      name: 'upper case sorts first',
      files: { 'a.conflist': list('lower'), 'Z.conflist': list('upper') },
      want: 'upper',
    },
    {
      name: 'a .conf competes with .conflist',
      files: {
        '05-single.conf': JSON.stringify({ cniVersion: '1.0.0', name: 'single', type: 'ptp' }),
        '10-x.conflist': list('x'),
      },
      want: 'single',
    },
    {
      name: 'other extensions are ignored',
      files: { '00-readme.txt': 'hi', '01-x.conflist.bak': '{', '10-x.conflist': list('x') },
      want: 'x',
    },
    {
      name: 'directories are ignored',
      files: { '00-dir.conflist': '<dir>', '10-x.conflist': list('x') },
      want: 'x',
    },
    {
      name: '.json holds one plugin',
      files: { '10-j.json': JSON.stringify({ cniVersion: '1.0.0', name: 'j', type: 'ptp' }) },
      want: 'j',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      assert.equal((await loadNetworkConfig(await confDir(c.files))).name, c.want);
    });
  }

  test('a .conf single plugin becomes a one-plugin list, with the list kept as bytes', async () => {
    const conf = {
      cniVersion: '0.4.0',
      name: 'single',
      type: 'bridge',
      bridge: 'cni9',
      ipam: { type: 'host-local' },
    };
    const net = await loadNetworkConfig(await confDir({ '10-s.conf': JSON.stringify(conf) }));
    assert.equal(net.cniVersion, '0.4.0');
    assert.deepEqual(net.plugins, [conf]);
    assert.deepEqual(JSON.parse(net.bytes), { name: 'single', cniVersion: '0.4.0', plugins: [conf] });
  });

  test('an empty or missing directory means no network', async () => {
    for (const dir of [await confDir({}), '/nonexistent/fncrt']) {
      await assert.rejects(loadNetworkConfig(dir), (err) => {
        assert.ok(isCniError(err));
        assert.equal(err.code, 'ECNI_CONFIG');
        assert.match(err.message, /no network configuration found/);
        return true;
      });
    }
  });

  test('a broken lowest file is an error that names it, not skipped', async () => {
    const dir = await confDir({ '10-a.conflist': '{"name": ', '20-b.conflist': list('b') });
    await assert.rejects(loadNetworkConfig(dir), /invalid network configuration .*10-a\.conflist.*not JSON/);
  });
});

describe('parseNetworkConfig validates', () => {
  const invalid: { name: string; value: unknown; match: RegExp }[] = [
    { name: 'not an object', value: [1], match: /not a JSON object/ },
    { name: 'no name', value: { cniVersion: '1.0.0', plugins: [{ type: 'x' }] }, match: /"name" must match/ },
    {
      name: 'bad name',
      value: { name: '../x', cniVersion: '1.0.0', plugins: [{ type: 'x' }] },
      match: /"name"/,
    },
    {
      name: 'no plugins',
      value: { name: 'n', cniVersion: '1.0.0' },
      match: /"plugins" must be a non-empty list/,
    },
    { name: 'empty plugins', value: { name: 'n', cniVersion: '1.0.0', plugins: [] }, match: /non-empty/ },
    {
      name: 'plugin without type',
      value: { name: 'n', cniVersion: '1.0.0', plugins: [{}] },
      match: /plugin 0: "type"/,
    },
    {
      name: 'type is a path',
      value: { name: 'n', cniVersion: '1.0.0', plugins: [{ type: '../bin/sh' }] },
      match: /"type"/,
    },
    {
      name: 'capabilities not booleans',
      value: {
        name: 'n',
        cniVersion: '1.0.0',
        plugins: [{ type: 'x', capabilities: { portMappings: 'yes' } }],
      },
      match: /"capabilities"/,
    },
    {
      name: 'unsupported version',
      value: { name: 'n', cniVersion: '0.3.1', plugins: [{ type: 'x' }] },
      match: /not supported/,
    },
    {
      name: 'future version',
      value: { name: 'n', cniVersion: '2.0.0', plugins: [{ type: 'x' }] },
      match: /not supported/,
    },
    {
      name: 'version not a string',
      value: { name: 'n', cniVersion: 1, plugins: [{ type: 'x' }] },
      match: /"cniVersion"/,
    },
    {
      name: 'disableCheck not a boolean',
      value: { name: 'n', cniVersion: '1.0.0', disableCheck: 'yes', plugins: [{ type: 'x' }] },
      match: /"disableCheck" must be a boolean/,
    },
  ];
  for (const c of invalid) {
    test(`rejects: ${c.name}`, () => {
      assert.throws(
        () => parseNetworkConfig(JSON.stringify(c.value), '/etc/cni/net.d/10-x.conflist', 'list'),
        (err) =>
          isCniError(err) && err.code === 'ECNI_CONFIG' && err.cniCode === 7 && c.match.test(err.message),
      );
    });
  }

  test('cniVersions picks the highest version the runtime supports', () => {
    const text = JSON.stringify({
      name: 'n',
      cniVersions: ['0.4.0', '1.1.0', '9.0.0'],
      cniVersion: '1.0.0',
      plugins: [{ type: 'x' }],
    });
    assert.equal(parseNetworkConfig(text, 'x.conflist', 'list').cniVersion, '1.1.0');
  });

  test('disableCheck and disableGC accept libcni string booleans', () => {
    const text = list('n', { disableCheck: 'TRUE', disableGC: false });
    const net = parseNetworkConfig(text, 'x.conflist', 'list');
    assert.equal(net.disableCheck, true);
    assert.equal(net.disableGC, false);
  });

  test('unknown keys pass through untouched', () => {
    const plugin = { type: 'bridge', somethingNew: { deep: [1, 2] } };
    const net = parseNetworkConfig(
      JSON.stringify({ name: 'n', cniVersion: '1.0.0', plugins: [plugin] }),
      'x.conflist',
      'list',
    );
    assert.deepEqual(net.plugins[0], plugin);
  });
});
