import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernelConformance } from '../conformance.js';
import { KernelError, isKernelError } from '../errors.js';
import { FakeKernel } from './fake-kernel.js';

kernelConformance('FakeKernel', async () => ({
  kernel: new FakeKernel(),
  netnsPrefix: 'fake_',
  cleanup: async () => undefined,
}));

test('exec records every call and answers through onExec', async () => {
  const kernel = new FakeKernel();
  await kernel.createNetns('n1');
  kernel.onExec = (call) =>
    call.argv[0] === 'conntrack' ? { stdout: '1 flow entries\n', stderr: '' } : undefined;
  assert.deepEqual(await kernel.host('n1').exec(['conntrack', '-C']), {
    stdout: '1 flow entries\n',
    stderr: '',
  });
  assert.deepEqual(await kernel.host('n1').exec(['iptables-restore'], { input: '*nat\nCOMMIT\n' }), {
    stdout: '',
    stderr: '',
  });
  assert.deepEqual(kernel.execCalls, [
    { netns: 'n1', argv: ['conntrack', '-C'] },
    { netns: 'n1', argv: ['iptables-restore'], input: '*nat\nCOMMIT\n' },
  ]);
  kernel.onExec = () => {
    throw new KernelError('EKERNEL', { argv: ['false'], exitCode: 1, stderr: '' });
  };
  await assert.rejects(kernel.host('n1').exec(['false']), (err) => isKernelError(err) && err.exitCode === 1);
});

test('netnsPids reports what the test registered', async () => {
  const kernel = new FakeKernel();
  await kernel.createNetns('n1');
  assert.deepEqual(await kernel.netnsPids('n1'), []);
  kernel.setNetnsPids('n1', [42, 43]);
  assert.deepEqual(await kernel.netnsPids('n1'), [42, 43]);
  await kernel.deleteNetns('n1');
  await kernel.createNetns('n1');
  assert.deepEqual(await kernel.netnsPids('n1'), []);
});

test('host(null) is the process namespace: always there, never listed', async () => {
  const kernel = new FakeKernel();
  const host = kernel.host(null);
  assert.equal(host.netns, null);
  assert.deepEqual(await kernel.listNetns(), []);
  assert.deepEqual(
    (await host.listLinks()).map((l) => l.name),
    ['lo'],
  );
  await kernel.createNetns('pod');
  await host.apply([
    { op: 'link.add', link: { kind: 'veth', name: 'veth1', peer: { name: 'eth0', netns: 'pod' } } },
  ]);
  await kernel.deleteNetns('pod');
  assert.deepEqual(
    (await host.listLinks()).map((l) => l.name),
    ['lo'],
  );
});

test('generated MACs are locally administered and independent of creation order', async () => {
  const macs = async (order: string[]) => {
    const kernel = new FakeKernel();
    await kernel.createNetns('n1');
    for (const name of order)
      await kernel.host('n1').apply([{ op: 'link.add', link: { kind: 'bridge', name } }]);
    return Object.fromEntries((await kernel.host('n1').listLinks()).map((l) => [l.name, l.mac]));
  };
  const one = await macs(['br0', 'br1']);
  assert.deepEqual(one, await macs(['br1', 'br0']));
  assert.match(one['br0']!, /^02:/);
  assert.notEqual(one['br0'], one['br1']);
});
