import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeKernel } from '../../kernel/fake/fake-kernel.js';
import type { HostKernel } from '../../kernel/types.js';
import { netnsNameFromPath } from '../../kernel/validate.js';
import { invoke, makeBridgeConf, makeEnv } from '../fixtures.js';
import { FakeStore } from '../ipam/fake-store.js';
import { ipamPlugin } from '../ipam/plugin.js';
import { CniError } from '../spec/errors.js';
import { NodeStateCache } from './node-state.js';
import { bridgePlugin } from './plugin.js';

/** The resident server's memory of the node's state: read once per second at most, forgotten on change. */

/** The node's kernel, counting the reads ADD makes of it. */
function countingNode(node: HostKernel) {
  const reads = { count: 0 };
  const counted: HostKernel = Object.create(node) as HostKernel;
  for (const method of ['getLink', 'listAddresses', 'getSysctl'] as const) {
    const original = node[method].bind(node) as (...args: unknown[]) => Promise<unknown>;
    (counted as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      reads.count++;
      return original(...args);
    };
  }
  return { counted, reads };
}

async function setup(now: () => number) {
  const kernel = new FakeKernel();
  for (const ns of ['node', 'pod-a', 'pod-b', 'pod-c', 'pod-d']) await kernel.createNetns(ns);
  const store = new FakeStore();
  const ipam = ipamPlugin({ openStore: () => store });
  const { counted, reads } = countingNode(kernel.host('node'));
  const plugin = bridgePlugin({
    node: counted,
    openNetns: (path) => kernel.hostAtPath(path),
    inspectNetns: async (path) =>
      (await kernel.listNetns()).includes(netnsNameFromPath(path) ?? '') ? 'netns' : 'missing',
    delegate: (env) => async (_type, command, stdin) => {
      const run = await invoke(ipam, { ...env.raw, CNI_COMMAND: command }, stdin);
      if (run.exitCode !== 0) throw new CniError(Number(run.out?.['code']), String(run.out?.['msg']));
      return run.out;
    },
    log: () => undefined,
    nodeState: new NodeStateCache(1000, now),
  });
  const add = (pod: string) =>
    invoke(
      plugin,
      makeEnv('ADD', { CNI_CONTAINERID: pod, CNI_NETNS: `/run/netns/${pod}` }),
      makeBridgeConf(),
    );
  return { kernel, reads, add };
}

test('back-to-back ADDs read the node once; a second later, again', async () => {
  let clock = 0;
  const { reads, add } = await setup(() => clock);
  assert.equal((await add('pod-a')).exitCode, 0); // creates the bridge: forgets what it read
  const afterFirst = reads.count;
  assert.equal((await add('pod-b')).exitCode, 0); // reads the bridge as it now is
  const afterSecond = reads.count;
  assert.equal((await add('pod-c')).exitCode, 0); // remembered
  assert.deepEqual([afterSecond - afterFirst, reads.count - afterSecond], [3, 0]);
  clock += 1000;
  assert.equal((await add('pod-d')).exitCode, 0);
  assert.equal(reads.count - afterSecond, 3);
});

test('a bridge deleted behind a remembered state fails one ADD, and the next one builds it again', async () => {
  const { kernel, add } = await setup(() => 0);
  await add('pod-a');
  await add('pod-b'); // the state with the bridge is remembered now
  await kernel.host('node').apply([{ op: 'link.delete', name: 'cni0' }]);
  assert.equal((await add('pod-c')).exitCode, 1);
  const retry = await add('pod-d');
  assert.equal(retry.exitCode, 0, JSON.stringify(retry.out));
  assert.equal((await kernel.host('node').getLink('cni0'))?.kind, 'bridge');
});
