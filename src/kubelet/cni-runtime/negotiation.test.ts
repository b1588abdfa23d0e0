import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCniError } from './errors.js';
import { callsOf, makeAttachment, makeHarness } from './fixtures.js';
import type { CniResult } from './types.js';

describe('version negotiation', () => {
  const plugins = {
    modern: {},
    debian: { versions: ['0.3.1', '0.4.0', '1.0.0'] },
    legacy: { versions: ['0.3.1', '0.4.0'] },
  };
  const list = { cniVersion: '1.1.0', plugins: [{ type: 'modern' }, { type: 'legacy' }, { type: 'debian' }] };

  test('each plugin gets the highest common version, and prevResult in its shape', async () => {
    const h = await makeHarness(plugins, list);
    const att = makeAttachment('c1');
    const result = await h.runtime.add(att);
    const adds = callsOf(h.fakes.calls, 'ADD');
    assert.deepEqual(
      adds.map((c) => c.conf['cniVersion']),
      ['1.1.0', '0.4.0', '1.0.0'],
    );
    const legacyPrev = adds[1]!.conf['prevResult'] as CniResult;
    assert.equal(legacyPrev.cniVersion, '0.4.0');
    assert.equal(legacyPrev.ips?.[0]?.version, '4');
    const debianPrev = adds[2]!.conf['prevResult'] as CniResult;
    assert.equal(debianPrev.cniVersion, '1.0.0');
    assert.equal('version' in debianPrev.ips![0]!, false);
    assert.equal(result.cniVersion, '1.1.0', 'the final result is in the conflist version');
    await h.runtime.del(att);
    assert.deepEqual(
      callsOf(h.fakes.calls, 'DEL').map((c) => [
        c.conf['cniVersion'],
        (c.conf['prevResult'] as CniResult).cniVersion,
      ]),
      [
        ['1.0.0', '1.0.0'],
        ['0.4.0', '0.4.0'],
        ['1.1.0', '1.1.0'],
      ],
    );
  });

  test('VERSION is asked once per binary', async () => {
    const h = await makeHarness(plugins, list);
    await h.runtime.add(makeAttachment('c1'));
    await h.runtime.add(makeAttachment('c2'));
    assert.equal(callsOf(h.fakes.calls, 'VERSION').length, 3);
  });

  test('a plugin without a common version fails before any ADD runs', async () => {
    const h = await makeHarness(
      { modern: {}, ancient: { versions: ['0.1.0', '0.2.0', '0.3.1'] } },
      { plugins: [{ type: 'modern' }, { type: 'ancient' }] },
    );
    await assert.rejects(
      h.runtime.add(makeAttachment('c1')),
      (err) => isCniError(err) && err.code === 'ECNI_VERSION' && err.plugin === 'ancient',
    );
    assert.deepEqual(h.fakes.log(), []);
    await assert.rejects(h.runtime.loadNetwork(), /incompatible CNI versions/);
  });

  test('a missing plugin makes the network not loadable', async () => {
    const h = await makeHarness({ first: {} }, { plugins: [{ type: 'first' }, { type: 'absent' }] });
    await assert.rejects(
      h.runtime.loadNetwork(),
      (err) =>
        isCniError(err) && err.code === 'ECNI_EXEC' && /failed to find plugin "absent"/.test(err.message),
    );
  });
});
