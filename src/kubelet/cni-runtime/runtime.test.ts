import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isCniError } from './errors.js';
import { failure, type FakeCall } from './fake-plugins.js';
import {
  callsOf,
  makeAttachment,
  makeHarness,
  podArgs,
  threeChain,
  threeFakes,
  withArgs,
  withCapabilities,
} from './fixtures.js';
import type { CniResult } from './types.js';

describe('chain order', () => {
  const cases = [
    { op: 'add', want: ['first ADD', 'second ADD', 'third ADD'] },
    { op: 'check', want: ['first CHECK', 'second CHECK', 'third CHECK'] },
    { op: 'del', want: ['third DEL', 'second DEL', 'first DEL'] },
  ] as const;
  for (const c of cases) {
    test(`${c.op} runs ${c.want.join(', ')}`, async () => {
      const h = await makeHarness(threeFakes, threeChain);
      const att = makeAttachment('c1');
      if (c.op !== 'add') await h.runtime.add(att);
      h.fakes.calls.length = 0;
      await h.runtime[c.op](att);
      assert.deepEqual(h.fakes.log(), c.want);
    });
  }
});

test('ADD threads each result into the next prevResult; DEL and CHECK get the final one', async () => {
  const tag = (name: string) => (call: FakeCall) => {
    if (call.command !== 'ADD') return undefined;
    const prev = (call.conf['prevResult'] as CniResult | undefined) ?? { cniVersion: '1.1.0', ips: [] };
    return {
      ...prev,
      cniVersion: String(call.conf['cniVersion']),
      dns: { search: [...((prev.dns?.['search'] as string[]) ?? []), name] },
    };
  };
  const h = await makeHarness(
    { first: { handle: tag('a') }, second: { handle: tag('b') }, third: { handle: tag('c') } },
    threeChain,
  );
  const att = makeAttachment('c1');
  const result = await h.runtime.add(att);
  assert.deepEqual(result.dns, { search: ['a', 'b', 'c'] });
  const adds = callsOf(h.fakes.calls, 'ADD');
  assert.equal('prevResult' in adds[0]!.conf, false, 'the first plugin gets no prevResult');
  assert.deepEqual((adds[1]!.conf['prevResult'] as CniResult).dns, { search: ['a'] });
  assert.deepEqual((adds[2]!.conf['prevResult'] as CniResult).dns, { search: ['a', 'b'] });
  await h.runtime.check(att);
  await h.runtime.del(att);
  for (const call of [...callsOf(h.fakes.calls, 'CHECK'), ...callsOf(h.fakes.calls, 'DEL')]) {
    assert.deepEqual(call.conf['prevResult'], result);
  }
});

test('environment and injected config', async () => {
  const h = await makeHarness(
    { first: {} },
    { name: 'podnet', plugins: [{ type: 'first', name: 'ignored', extra: { a: 1 } }] },
  );
  await h.runtime.add(makeAttachment('c1', withArgs(podArgs('web'))));
  const [add] = callsOf(h.fakes.calls, 'ADD');
  assert.deepEqual(add!.env, {
    CNI_COMMAND: 'ADD',
    CNI_CONTAINERID: 'c1',
    CNI_NETNS: '/run/netns/c1',
    CNI_IFNAME: 'eth0',
    CNI_ARGS:
      'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=cid-web;K8S_POD_UID=uid-web',
    CNI_PATH: h.binDir,
  });
  assert.deepEqual(add!.conf, { type: 'first', name: 'podnet', extra: { a: 1 }, cniVersion: '1.1.0' });
});

test('runtimeConfig carries only the capabilities each plugin declares', async () => {
  const plugins = [
    { type: 'first', capabilities: { portMappings: true, bandwidth: false } },
    { type: 'second', capabilities: { bandwidth: true, ips: true } },
    { type: 'third' },
  ];
  const h = await makeHarness(threeFakes, { plugins });
  const portMappings = [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }];
  await h.runtime.add(
    makeAttachment('c1', withCapabilities({ portMappings, bandwidth: { ingressRate: 1 }, mac: 'x' })),
  );
  assert.deepEqual(
    callsOf(h.fakes.calls, 'ADD').map((c) => c.conf['runtimeConfig']),
    [{ portMappings }, { bandwidth: { ingressRate: 1 } }, undefined],
  );
});

describe('errors', () => {
  test('a failing plugin stops ADD, is reported with its code, and nothing is cached', async () => {
    const h = await makeHarness(
      { first: {}, second: { handle: () => failure(11, 'try again later', 'ipam busy') }, third: {} },
      threeChain,
    );
    await assert.rejects(h.runtime.add(makeAttachment('c1')), (err) => {
      assert.ok(isCniError(err));
      assert.deepEqual(
        [err.code, err.cniCode, err.msg, err.details, err.plugin, err.command],
        ['ECNI_PLUGIN', 11, 'try again later', 'ipam busy', 'second', 'ADD'],
      );
      assert.equal(err.message, 'plugin type="second" failed (add): try again later; ipam busy');
      return true;
    });
    assert.deepEqual(h.fakes.log(), ['first ADD', 'second ADD']);
    await assert.rejects(stat(join(h.cacheDir, 'results', 'net-c1-eth0')), { code: 'ENOENT' });
  });

  test('garbage on success is a decode error', async () => {
    const h = await makeHarness(
      { first: { handle: () => ({ stdout: 'done!', stderr: '', exitCode: 0 }) } },
      { plugins: [{ type: 'first' }] },
    );
    await assert.rejects(
      h.runtime.add(makeAttachment('c1')),
      (err) => isCniError(err) && err.code === 'ECNI_EXEC' && err.cniCode === 6,
    );
  });
});
