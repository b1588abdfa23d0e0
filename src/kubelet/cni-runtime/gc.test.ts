import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isCniError } from './errors.js';
import { failure, type FakeCall } from './fake-plugins.js';
import { makeAttachment, makeHarness } from './fixtures.js';
import { OperationGate } from './gate.js';

const plugins = { modern: {}, debian: { versions: ['0.4.0', '1.0.0'] } };
const list = { cniVersion: '1.1.0', plugins: [{ type: 'debian' }, { type: 'modern' }] };
const cached = async (cacheDir: string) => (await readdir(join(cacheDir, 'results'))).sort();
const byCommand = (calls: FakeCall[], command: string) => calls.filter((c) => c.command === command);

describe('gc', () => {
  test('DELs cached attachments that are not valid, then sends GC to plugins that speak 1.1.0', async () => {
    const h = await makeHarness(plugins, list);
    for (const id of ['keep', 'leak1', 'leak2']) await h.runtime.add(makeAttachment(id));
    h.fakes.calls.length = 0;
    await h.runtime.gc([{ containerId: 'keep', ifName: 'eth0' }]);
    assert.deepEqual(h.fakes.log(), ['modern DEL', 'debian DEL', 'modern DEL', 'debian DEL', 'modern GC']);
    assert.deepEqual(
      byCommand(h.fakes.calls, 'DEL').map((c) => c.env['CNI_CONTAINERID']),
      ['leak1', 'leak1', 'leak2', 'leak2'],
    );
    assert.ok(
      byCommand(h.fakes.calls, 'DEL').every((c) => c.env['CNI_NETNS']?.startsWith('/run/netns/leak')),
    );
    const [gc] = byCommand(h.fakes.calls, 'GC');
    assert.deepEqual(gc!.conf['cni.dev/valid-attachments'], [{ containerID: 'keep', ifname: 'eth0' }]);
    assert.deepEqual(gc!.env, { CNI_COMMAND: 'GC', CNI_PATH: h.binDir });
    assert.deepEqual(await cached(h.cacheDir), ['net-keep-eth0']);
  });

  test('a valid attachment is matched by container ID and interface name', async () => {
    const h = await makeHarness(plugins, list);
    await h.runtime.add(makeAttachment('c1'));
    await h.runtime.add({ ...makeAttachment('c1'), ifName: 'net1' });
    await h.runtime.gc([{ containerId: 'c1', ifName: 'eth0' }]);
    assert.deepEqual(await cached(h.cacheDir), ['net-c1-eth0']);
  });

  test('errors do not stop it; all are raised together', async () => {
    const h = await makeHarness(
      {
        modern: { handle: (c) => (c.command === 'GC' ? failure(5, 'gc failed') : undefined) },
        debian: {
          versions: ['0.4.0', '1.0.0'],
          handle: (c) =>
            c.command === 'DEL' && c.env['CNI_CONTAINERID'] === 'bad' ? failure(11, 'busy') : undefined,
        },
      },
      list,
    );
    for (const id of ['bad', 'good']) await h.runtime.add(makeAttachment(id));
    await assert.rejects(h.runtime.gc([]), (err) => {
      assert.ok(isCniError(err));
      assert.equal(err.code, 'ECNI_GC');
      assert.deepEqual(
        err.errors.map((e) => e.message),
        [
          'failed to delete stale attachment bad eth0; plugin type="debian" failed (del): busy',
          'plugin type="modern" failed (gc): gc failed',
        ],
      );
      return true;
    });
    assert.deepEqual(
      await cached(h.cacheDir),
      ['net-bad-eth0'],
      'the failed DEL keeps its entry for the next GC',
    );
  });

  test('disableGC turns it off', async () => {
    const h = await makeHarness(plugins, { ...list, disableGC: true });
    await h.runtime.add(makeAttachment('c1'));
    h.fakes.calls.length = 0;
    await h.runtime.gc([]);
    assert.deepEqual(h.fakes.log(), []);
  });
});

describe('status', () => {
  test('asks only plugins that speak 1.1.0; their error is raised', async () => {
    const h = await makeHarness(
      {
        ...plugins,
        modern: { handle: (c) => (c.command === 'STATUS' ? failure(50, 'no addresses left') : undefined) },
      },
      list,
    );
    await assert.rejects(
      h.runtime.status(),
      (err) => isCniError(err) && err.cniCode === 50 && err.plugin === 'modern',
    );
    assert.deepEqual(h.fakes.log(), ['modern STATUS']);
    assert.deepEqual(byCommand(h.fakes.calls, 'STATUS')[0]!.conf, {
      type: 'modern',
      name: 'net',
      cniVersion: '1.1.0',
    });
  });

  test('a network of 1.0.0 plugins is ready when it loads', async () => {
    const h = await makeHarness(plugins, { ...list, cniVersion: '1.0.0' });
    await h.runtime.status();
    assert.deepEqual(h.fakes.log(), []);
  });

  test('no config means not ready', async () => {
    const h = await makeHarness(plugins);
    await assert.rejects(h.runtime.status(), (err) => isCniError(err) && err.code === 'ECNI_CONFIG');
  });
});

describe('operation gate', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  test('operations of one container run one at a time; other containers run alongside', async () => {
    const gate = new OperationGate();
    const events: string[] = [];
    const hold = deferred();
    const a1 = gate.attachment(
      'a',
      async () => (events.push('a1 start'), await hold.promise, events.push('a1 end')),
    );
    const a2 = gate.attachment('a', async () => void events.push('a2'));
    const b = gate.attachment('b', async () => void events.push('b'));
    await b;
    hold.resolve();
    await Promise.all([a1, a2]);
    assert.deepEqual(events, ['a1 start', 'b', 'a1 end', 'a2']);
  });

  test('GC waits for operations in flight, and new ones wait for GC', async () => {
    const gate = new OperationGate();
    const events: string[] = [];
    const hold = deferred();
    const add = gate.attachment('a', async () => (await hold.promise, events.push('add')));
    const gc = gate.exclusive(async () => void events.push('gc'));
    const del = gate.attachment('b', async () => void events.push('del'));
    hold.resolve();
    await Promise.all([add, gc, del]);
    assert.deepEqual(events, ['add', 'gc', 'del']);
  });
});
