import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { DaemonSet, Pod } from '../../client/objects.js';
import { waitFor } from '../../client/wait-for.js';
import { startFakeKubelet, type FakeKubelet } from '../testing/fake-kubelet.js';
import { makeDaemonSet, makeNode } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { daemonSetController } from './controller.js';

let harness: Harness | undefined;
let kubelet: FakeKubelet | undefined;
afterEach(async () => {
  await kubelet?.stop();
  await harness?.stop();
});

const placement = async (h: Harness) =>
  (await h.client.list<Pod>(KINDS.pod)).items
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.spec!.nodeName)
    .sort();

test('a DaemonSet runs one pod per node, bound directly, and follows nodes coming and going', async () => {
  harness = await runController(daemonSetController, (c) => {
    c.seed(KINDS.node, makeNode('n1'));
    c.seed(KINDS.node, makeNode('n2'));
    c.seed(KINDS.daemonSet, makeDaemonSet('agent'));
  });
  const h = harness;
  kubelet = startFakeKubelet(h.client);
  await waitFor('a pod on each node', async () => (await placement(h)).join() === 'n1,n2');
  const [pod] = (await h.client.list<Pod>(KINDS.pod)).items;
  assert.ok(pod!.spec!.tolerations!.some((t) => t.key === 'node.kubernetes.io/unschedulable'));
  await h.client.create(KINDS.node, makeNode('n3'));
  await waitFor('a pod on n3', async () => (await placement(h)).join() === 'n1,n2,n3');
  await waitFor('status 3/3 ready', async () => {
    const status = (await h.client.get<DaemonSet>(KINDS.daemonSet, 'default', 'agent')).status;
    return (
      status?.desiredNumberScheduled === 3 && status.numberReady === 3 && status.updatedNumberScheduled === 3
    );
  });
});
