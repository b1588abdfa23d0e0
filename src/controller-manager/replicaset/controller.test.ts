import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Pod, ReplicaSet } from '../../client/objects.js';
import { waitFor } from '../../client/wait-for.js';
import { makeReplicaSet } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { replicaSetController } from './controller.js';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

const podsOf = async (h: Harness) => (await h.client.list<Pod>(KINDS.pod)).items;

test('a ReplicaSet gets exactly its replicas, named after it and owned by it, and follows scaling', async () => {
  harness = await runController(
    replicaSetController,
    (c) => void c.seed(KINDS.replicaSet, makeReplicaSet('web', 3)),
  );
  const h = harness;
  const pods = await waitFor('3 pods', async () => ((await podsOf(h)).length === 3 ? podsOf(h) : false));
  for (const pod of pods) {
    assert.match(pod.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(pod.metadata.ownerReferences, [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web',
        uid: 'uid-web',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.deepEqual(pod.metadata.labels, { app: 'web' });
  }
  await waitFor(
    'status replicas 3',
    async () => (await h.client.get<ReplicaSet>(KINDS.replicaSet, 'default', 'web')).status?.replicas === 3,
  );
  const rs = await h.client.get<ReplicaSet>(KINDS.replicaSet, 'default', 'web');
  await h.client.update(KINDS.replicaSet, { ...rs, spec: { ...rs.spec, replicas: 1 } });
  await waitFor('1 pod', async () => (await podsOf(h)).length === 1);
  await waitFor(
    'status replicas 1',
    async () => (await h.client.get<ReplicaSet>(KINDS.replicaSet, 'default', 'web')).status?.replicas === 1,
  );
  const creates = h.client.writes.filter((w) => w.verb === 'create' && w.kind === 'pods');
  assert.equal(creates.length, 3, 'no extra pods were created from a stale cache');
  assert.equal(h.events.filter((e) => e.includes('SuccessfulCreate')).length, 3);
  assert.equal(h.events.filter((e) => e.includes('SuccessfulDelete')).length, 2);
});
