import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../client/kinds.js';
import type { Namespace } from '../../client/objects.js';
import { waitFor } from '../../client/wait-for.js';
import { inNamespace, makePod, makeService } from '../testing/fixtures.js';
import { runController, type Harness } from '../testing/harness.js';
import { deletableResources, namespaceController } from './controller.js';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

test('the system namespaces are created when missing', async () => {
  harness = await runController(
    namespaceController,
    (c) => void c.seed(KINDS.namespace, { metadata: { name: 'default' } }),
  );
  const h = harness;
  await waitFor('kube-system', async () => (await h.client.list(KINDS.namespace)).items.length === 4);
  assert.deepEqual((await h.client.list(KINDS.namespace)).items.map((n) => n.metadata.name).sort(), [
    'default',
    'kube-node-lease',
    'kube-public',
    'kube-system',
  ]);
});

test('a Terminating namespace is emptied, then its finalizer removed', async () => {
  harness = await runController(namespaceController, (c) => {
    c.seed<Namespace>(KINDS.namespace, { metadata: { name: 'shop' }, spec: { finalizers: ['kubernetes'] } });
    c.seed(KINDS.pod, makePod('web-1', inNamespace('shop')));
    c.seed(KINDS.service, makeService('web', inNamespace('shop')));
    c.seed(KINDS.pod, makePod('elsewhere'));
  });
  const h = harness;
  await h.client.delete(KINDS.namespace, undefined, 'shop');
  await waitFor(
    'the namespace gone',
    async () => !(await h.client.list(KINDS.namespace)).items.some((n) => n.metadata.name === 'shop'),
  );
  assert.deepEqual(
    (await h.client.list(KINDS.pod)).items.map((p) => p.metadata.name),
    ['elsewhere'],
  );
  assert.equal((await h.client.list(KINDS.service)).items.length, 0);
});

test('only namespaced types that can be listed and deleted are emptied', () => {
  const r = (plural: string, namespaced: boolean, verbs: string[]) => ({
    group: '',
    version: 'v1',
    kind: plural,
    plural,
    namespaced,
    verbs,
  });
  const kept = deletableResources([
    r('pods', true, ['list', 'deletecollection']),
    r('nodes', false, ['list', 'delete']),
    r('bindings', true, ['create']),
    r('x', true, ['list', 'delete']),
  ]);
  assert.deepEqual(
    kept.map((k) => k.plural),
    ['pods', 'x'],
  );
});
