import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Node } from '../../client/objects.js';
import { waitFor } from '../../client/wait-for.js';
import { makeNode, withPodCidr } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { nodeIpamController, podCidrOf } from './controller.js';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

const cidrOf = async (h: Harness, name: string) =>
  podCidrOf(await h.client.get<Node>(KINDS.node, undefined, name));

test('nodes get distinct subnets; existing ones are kept after a restart; freed ones are reused', async () => {
  harness = await runController(
    (deps) => nodeIpamController(deps, { clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24 }),
    (c) => {
      c.seed(KINDS.node, makeNode('n1', withPodCidr('10.244.0.0/24')));
      c.seed(KINDS.node, makeNode('n2'));
      c.seed(KINDS.node, makeNode('n3'));
    },
  );
  const h = harness;
  await waitFor('n2 and n3 subnets', async () => (await cidrOf(h, 'n2')) && (await cidrOf(h, 'n3')));
  assert.deepEqual([await cidrOf(h, 'n1'), await cidrOf(h, 'n2'), await cidrOf(h, 'n3')].sort(), [
    '10.244.0.0/24',
    '10.244.1.0/24',
    '10.244.2.0/24',
  ]);
  const freed = await cidrOf(h, 'n2');
  await h.client.delete(KINDS.node, undefined, 'n2');
  await waitFor('the release', () => h.logs.some((l) => l.includes('released')));
  await h.client.create(KINDS.node, makeNode('n4'));
  assert.equal(await waitFor('n4 subnet', () => cidrOf(h, 'n4')), freed);
});

test('an exhausted range reports CIDRNotAvailable and assigns once a subnet is freed', async () => {
  harness = await runController(
    (deps) => nodeIpamController(deps, { clusterCidr: '10.244.0.0/24', nodeCidrMaskSize: 25 }),
    (c) => {
      c.seed(KINDS.node, makeNode('a', withPodCidr('10.244.0.0/25')));
      c.seed(KINDS.node, makeNode('b', withPodCidr('10.244.0.128/25')));
      c.seed(KINDS.node, makeNode('c'));
    },
  );
  const h = harness;
  const condition = async () =>
    (await h.client.get<Node>(KINDS.node, undefined, 'c')).status?.conditions?.find(
      (x) => x.type === 'NetworkUnavailable',
    );
  assert.equal((await waitFor('the condition', condition))?.reason, 'CIDRNotAvailable');
  assert.deepEqual(h.events, ['Normal CIDRNotAvailable c: Node c status is now: CIDRNotAvailable']);
  await h.client.delete(KINDS.node, undefined, 'a');
  assert.equal(await waitFor('c subnet', () => cidrOf(h, 'c')), '10.244.0.0/25');
  await waitFor('the condition cleared', async () => (await condition()) === undefined);
});
