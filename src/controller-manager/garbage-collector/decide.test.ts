import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OwnerReference } from '../../client/types.js';
import { makeReplicaSet } from '../testing/fixtures.js';
import { decide, ownerStateOf, pendingFinalizer, type OwnerState } from './decide.js';

const ref = (uid: string): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid });
const states = (m: Record<string, OwnerState>) => (r: OwnerReference) => m[r.uid]!;

test('objects without owners, or with existing owners only, are kept', () => {
  assert.deepEqual(decide([], states({})), { type: 'keep' });
  assert.deepEqual(decide([ref('a')], states({ a: 'solid' })), { type: 'keep' });
});

test('an object whose owners are all gone is deleted', () => {
  assert.deepEqual(decide([ref('a'), ref('b')], states({ a: 'dangling', b: 'dangling' })), {
    type: 'delete',
    propagationPolicy: 'Background',
  });
  assert.deepEqual(decide([ref('a')], states({ a: 'waiting' })), {
    type: 'delete',
    propagationPolicy: 'Foreground',
  });
});

test('an object with one remaining owner only loses its references to the others', () => {
  assert.deepEqual(
    decide([ref('a'), ref('b'), ref('c')], states({ a: 'solid', b: 'dangling', c: 'waiting' })),
    { type: 'removeRefs', uids: ['b', 'c'] },
  );
});

test('owner states and pending finalizers come from deletionTimestamp and finalizers', () => {
  const rs = makeReplicaSet('web', 1);
  assert.equal(ownerStateOf(rs), 'solid');
  assert.equal(pendingFinalizer(rs), undefined);
  const orphaning = makeReplicaSet('web', 1, (r) =>
    Object.assign(r.metadata, { deletionTimestamp: 'now', finalizers: ['orphan'] }),
  );
  assert.equal(pendingFinalizer(orphaning), 'orphan');
  assert.equal(ownerStateOf(orphaning), 'solid');
  const foreground = makeReplicaSet('web', 1, (r) =>
    Object.assign(r.metadata, { deletionTimestamp: 'now', finalizers: ['foregroundDeletion'] }),
  );
  assert.equal(ownerStateOf(foreground), 'waiting');
  assert.equal(pendingFinalizer(foreground), 'foregroundDeletion');
});
