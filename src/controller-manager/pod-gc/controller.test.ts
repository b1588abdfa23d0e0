import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import { waitFor } from '../../client/wait-for.js';
import { makeNode, makePod, onNode } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { podGcController } from './controller.js';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

test('pods bound to a deleted node are force-deleted; others stay', async () => {
  harness = await runController(podGcController, (c) => {
    c.seed(KINDS.node, makeNode('n1'));
    c.seed(KINDS.node, makeNode('n2'));
    c.seed(KINDS.pod, makePod('on-n1', onNode('n1')));
    c.seed(KINDS.pod, makePod('on-n2', onNode('n2')));
    c.seed(KINDS.pod, makePod('pending'));
  });
  const h = harness;
  await h.client.delete(KINDS.node, undefined, 'n1');
  await waitFor('on-n1 gone', async () => (await h.client.list(KINDS.pod)).items.length === 2);
  assert.deepEqual((await h.client.list(KINDS.pod)).items.map((p) => p.metadata.name).sort(), [
    'on-n2',
    'pending',
  ]);
});
