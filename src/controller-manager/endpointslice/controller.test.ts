import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Endpoints, EndpointSlice, Pod } from '../../client/objects.js';
import { waitFor } from '../../client/wait-for.js';
import { makePod, makeService, ready, running, withLabels } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { endpointSliceController } from './controller.js';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

const slicesOf = async (h: Harness, svc: string) =>
  (await h.client.list<EndpointSlice>(KINDS.endpointSlice)).items.filter(
    (s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc,
  );

test('a Service gets a slice and Endpoints that follow its pods, and loses them when deleted', async () => {
  harness = await runController(endpointSliceController, (c) => {
    c.seed(KINDS.service, makeService('web'));
    c.seed(
      KINDS.service,
      makeService('kubernetes', (s) => delete s.spec!.selector),
    );
    c.seed(KINDS.pod, makePod('web-1', withLabels({ app: 'web' }), running('10.244.1.2'), ready()));
  });
  const h = harness;
  const [slice] = await waitFor(
    'the slice',
    async () => (await slicesOf(h, 'web')).length === 1 && slicesOf(h, 'web'),
  );
  assert.deepEqual(
    slice!.endpoints.map((e) => e.addresses[0]),
    ['10.244.1.2'],
  );
  const pod = await h.client.get<Pod>(KINDS.pod, 'default', 'web-1');
  await h.client.updateStatus(KINDS.pod, {
    ...pod,
    status: { ...pod.status, conditions: [{ type: 'Ready', status: 'False' }] },
  });
  await waitFor(
    'not ready',
    async () => (await slicesOf(h, 'web'))[0]?.endpoints[0]?.conditions.ready === false,
  );
  const ep = await h.client.get<Endpoints>(KINDS.endpoints, 'default', 'web');
  await waitFor(
    'the unready address in Endpoints',
    async () =>
      (await h.client.get<Endpoints>(KINDS.endpoints, 'default', 'web')).subsets?.[0]?.notReadyAddresses
        ?.length === 1,
  );
  assert.equal(ep.metadata.name, 'web');
  await h.client.delete(KINDS.service, 'default', 'web');
  await waitFor('slices gone', async () => (await slicesOf(h, 'web')).length === 0);
  await waitFor('endpoints gone', async () => (await h.client.list(KINDS.endpoints)).items.length === 0);
  assert.equal(
    h.client.writes.some((w) => w.key.includes('kubernetes')),
    false,
    'the API server owns default/kubernetes',
  );
});
