import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../storage/embedded/embedded-store.js';
import type { Store } from '../storage/types.js';
import type { KubeObject, ResourceType } from '../resources/types.js';
import { isApiError } from '../machinery/status.js';
import { Registry } from './registry.js';
import { buildFilter } from './filter.js';
import { watchObjects, type ObjectEvent } from './watch.js';

const widgets: ResourceType = {
  group: 'example.io',
  version: 'v1',
  kind: 'Widget',
  listKind: 'WidgetList',
  plural: 'widgets',
  singular: 'widget',
  namespaced: true,
  shortNames: [],
  categories: [],
  subresources: ['status'],
  fieldSelectors: [],
  columns: [],
  validate: (obj) =>
    (obj['spec'] as { size?: number } | undefined)?.size === -1
      ? [{ type: 'FieldValueInvalid', field: 'spec.size', badValue: -1, detail: 'must be positive' }]
      : [],
};

const widget = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  metadata: { name, labels: { app: 'a' } },
  spec: { size: 1 },
  ...extra,
});

describe('registry semantics over the embedded store', () => {
  let dir = '';
  let store: Store;
  let registry: Registry;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flatnet-registry-'));
    store = await openEmbeddedStore({ dir });
    registry = new Registry({ store, now: () => new Date('2026-01-02T03:04:05.678Z') });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const target = (name: string) => ({ resource: widgets, namespace: 'ns', name });

  test('create stamps server-owned metadata and returns the resourceVersion', async () => {
    const created = await registry.create(
      widgets,
      'ns',
      widget('w1', { metadata: { name: 'w1', uid: 'forged', resourceVersion: '99' } }),
    );
    assert.equal(created.apiVersion, 'example.io/v1');
    assert.equal(created.kind, 'Widget');
    assert.equal(created.metadata?.namespace, 'ns');
    assert.notEqual(created.metadata?.uid, 'forged');
    assert.equal(created.metadata?.creationTimestamp, '2026-01-02T03:04:05Z');
    assert.equal(created.metadata?.generation, 1);
    assert.deepEqual(await registry.get(target('w1')), created);
  });

  test('duplicates, missing objects and invalid objects give Kubernetes errors', async () => {
    await assert.rejects(
      registry.create(widgets, 'ns', widget('w1')),
      (e) => isApiError(e, 'AlreadyExists') && /widgets.example.io "w1" already exists/.test(e.message),
    );
    await assert.rejects(registry.get(target('nope')), (e) => isApiError(e, 'NotFound'));
    await assert.rejects(
      registry.create(widgets, 'ns', widget('bad', { spec: { size: -1 } })),
      (e) =>
        isApiError(e, 'Invalid') &&
        e.statusCode === 422 &&
        /spec.size: Invalid value: -1: must be positive/.test(e.message),
    );
    await assert.rejects(
      registry.create(widgets, 'other', { metadata: { name: 'x', namespace: 'ns' } }),
      (e) => isApiError(e, 'BadRequest'),
    );
  });

  test('a no-op update keeps the resourceVersion; a spec change bumps generation', async () => {
    const before = await registry.get(target('w1'));
    const same = await registry.update(target('w1'), (cur) => cur);
    assert.equal(same.metadata?.resourceVersion, before.metadata?.resourceVersion);
    const changed = await registry.update(target('w1'), (cur) => ({ ...cur, spec: { size: 2 } }));
    assert.ok(Number(changed.metadata?.resourceVersion) > Number(before.metadata?.resourceVersion));
    assert.equal(changed.metadata?.generation, 2);
    const relabeled = await registry.update(target('w1'), (cur) => ({
      ...cur,
      metadata: { ...cur.metadata, labels: { app: 'b' } },
    }));
    assert.equal(relabeled.metadata?.generation, 2, 'metadata changes do not bump generation');
  });

  test('a stale resourceVersion conflicts', async () => {
    const current = await registry.get(target('w1'));
    await registry.update(target('w1'), (cur) => ({ ...cur, spec: { size: 3 } }));
    await assert.rejects(
      registry.update(target('w1'), () => ({ ...current, spec: { size: 4 } })),
      (e) => isApiError(e, 'Conflict') && e.statusCode === 409,
    );
  });

  test('status is written only through the status subresource', async () => {
    const main = await registry.update(target('w1'), (cur) => ({ ...cur, status: { ready: true } }));
    assert.equal(main['status'], undefined);
    const status = await registry.update(
      target('w1'),
      (cur) => ({ ...cur, spec: { size: 9 }, status: { ready: true } }),
      { subresource: 'status' },
    );
    assert.deepEqual(status['status'], { ready: true });
    assert.deepEqual(status['spec'], { size: 3 });
  });

  test('finalizers hold a deleted object until they are removed', async () => {
    await registry.create(
      widgets,
      'ns',
      widget('held', { metadata: { name: 'held', finalizers: ['example.io/hold'] } }),
    );
    const marked = await registry.delete(target('held'));
    assert.ok(marked.metadata?.deletionTimestamp);
    assert.ok(await registry.get(target('held')));
    await registry.update(target('held'), (cur) => ({
      ...cur,
      metadata: { ...cur.metadata, finalizers: [] },
    }));
    await assert.rejects(registry.get(target('held')), (e) => isApiError(e, 'NotFound'));
  });

  test('a grace period defers deletion until a delete with gracePeriodSeconds=0', async () => {
    await registry.create(widgets, 'ns', widget('slow'));
    const marked = await registry.delete(target('slow'), { gracePeriodSeconds: 30 });
    assert.equal(marked.metadata?.deletionGracePeriodSeconds, 30);
    assert.ok(await registry.get(target('slow')));
    await registry.delete(target('slow'), { gracePeriodSeconds: 0 });
    await assert.rejects(registry.get(target('slow')), (e) => isApiError(e, 'NotFound'));
  });

  test('watch with a label selector turns selector exits into DELETED and entries into ADDED', async () => {
    const start = await store.currentRevision();
    const filter = buildFilter(widgets, 'app=a', null);
    const watch = await watchObjects(store, widgets, 'ns', filter, start);
    const seen: string[] = [];
    const done = (async () => {
      for await (const e of watch.events as AsyncIterable<ObjectEvent>) {
        seen.push(`${e.type} ${e.object.metadata?.name} ${e.object.metadata?.labels?.['app']}`);
        if (seen.length === 4) break;
      }
    })();
    await registry.create(widgets, 'ns', widget('w2'));
    await registry.update(target('w2'), (cur) => ({
      ...cur,
      metadata: { ...cur.metadata, labels: { app: 'z' } },
    }));
    await registry.update(target('w2'), (cur) => ({ ...cur, spec: { size: 5 } }));
    await registry.update(target('w2'), (cur) => ({
      ...cur,
      metadata: { ...cur.metadata, labels: { app: 'a' } },
    }));
    await registry.delete(target('w2'));
    await done;
    watch.close();
    assert.deepEqual(seen, ['ADDED w2 a', 'DELETED w2 z', 'ADDED w2 a', 'DELETED w2 a']);
  });

  test('list filters by label and pages with a limit', async () => {
    for (const n of ['p1', 'p2', 'p3'])
      await registry.create(widgets, 'ns', widget(n, { metadata: { name: n, labels: { page: 'yes' } } }));
    const filter = buildFilter(widgets, 'page=yes', null);
    const first = await registry.list(widgets, 'ns', filter, { limit: 2 });
    assert.deepEqual(
      first.items.map((o) => o.metadata?.name),
      ['p1', 'p2'],
    );
    assert.ok(first.continue);
    const rest = await registry.list(widgets, 'ns', filter, { limit: 2, continue: first.continue! });
    assert.deepEqual(
      rest.items.map((o) => o.metadata?.name),
      ['p3'],
    );
  });
});
