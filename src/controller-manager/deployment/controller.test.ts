import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Deployment, Pod, ReplicaSet } from '../../client/objects.js';
import { waitFor } from '../../client/wait-for.js';
import { replicaSetController } from '../replicaset/controller.js';
import { startFakeKubelet, type FakeKubelet } from '../testing/fake-kubelet.js';
import { makeDeployment } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { deploymentController } from './controller.js';

let harness: Harness | undefined;
let kubelet: FakeKubelet | undefined;
afterEach(async () => {
  await kubelet?.stop();
  await harness?.stop();
});

const get = (h: Harness) => h.client.get<Deployment>(KINDS.deployment, 'default', 'web');
const imagesOf = async (h: Harness) =>
  (await h.client.list<Pod>(KINDS.pod)).items
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.spec!.containers[0]!.image)
    .sort();

test('a Deployment rolls out a ReplicaSet, reports 3/3, then rolls a new template over without losing availability', async () => {
  harness = await runController(
    (deps) => [deploymentController(deps), replicaSetController(deps)],
    (c) => void c.seed(KINDS.deployment, makeDeployment('web', 3)),
  );
  const h = harness;
  kubelet = startFakeKubelet(h.client, { bindless: true });
  await waitFor('3/3 available', async () => (await get(h)).status?.availableReplicas === 3);
  const first = (await h.client.list<ReplicaSet>(KINDS.replicaSet)).items;
  assert.equal(first.length, 1);
  assert.match(first[0]!.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(first[0]!.metadata.labels?.['pod-template-hash'], first[0]!.metadata.name!.slice(4));
  assert.equal(first[0]!.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  let d = await get(h);
  assert.deepEqual(
    d.status?.conditions?.map((c) => [c.type, c.status, c.reason]),
    [
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ],
  );

  const availability: number[] = [];
  const watch = setInterval(
    () => void get(h).then((x) => availability.push(x.status?.availableReplicas ?? 0)),
    5,
  );
  d.spec.template.spec.containers[0]!.image = 'agnhost:2';
  await h.client.update(KINDS.deployment, d);
  await waitFor('all pods on the new image', async () => {
    const images = await imagesOf(h);
    d = await get(h);
    return (
      images.join() === 'agnhost:2,agnhost:2,agnhost:2' &&
      d.status?.updatedReplicas === 3 &&
      d.status.availableReplicas === 3 &&
      d.status.replicas === 3
    );
  });
  clearInterval(watch);
  assert.ok(
    Math.min(...availability) >= 3,
    `availability never dropped below 3 (maxUnavailable 0): ${availability.join()}`,
  );
  const sets = (await h.client.list<ReplicaSet>(KINDS.replicaSet)).items;
  assert.deepEqual(
    sets
      .map((rs) => [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], rs.spec.replicas])
      .sort(),
    [
      ['1', 0],
      ['2', 3],
    ],
  );
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  assert.match(h.events.join('\n'), /ScalingReplicaSet web: Scaled up replica set web-\S+ from 0 to 1/);
});

test('scaling a Deployment scales its ReplicaSet', async () => {
  harness = await runController(
    (deps) => [deploymentController(deps), replicaSetController(deps)],
    (c) => void c.seed(KINDS.deployment, makeDeployment('web', 2)),
  );
  const h = harness;
  kubelet = startFakeKubelet(h.client, { bindless: true });
  await waitFor('2 available', async () => (await get(h)).status?.availableReplicas === 2);
  const d = await get(h);
  await h.client.update(KINDS.deployment, { ...d, spec: { ...d.spec, replicas: 4 } });
  await waitFor('4 available', async () => (await get(h)).status?.availableReplicas === 4);
  assert.equal((await imagesOf(h)).length, 4);
  assert.equal(
    (await h.client.list<ReplicaSet>(KINDS.replicaSet)).items[0]!.metadata.annotations?.[
      'deployment.kubernetes.io/desired-replicas'
    ],
    '4',
  );
});
