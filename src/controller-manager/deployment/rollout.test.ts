import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fenceposts,
  recreateStep,
  rollingStep,
  scaledValue,
  scaleStep,
  type RolloutParams,
  type RsView,
} from './rollout.js';

const rs = (name: string, replicas: number, available = replicas, current = replicas): RsView => ({
  name,
  replicas,
  current,
  available,
});
const rolling = (replicas: number, extra: Partial<RolloutParams> = {}): RolloutParams => ({
  replicas,
  strategy: 'RollingUpdate',
  ...extra,
});
const changes = (m: Map<string, number>) => Object.fromEntries(m);

test('maxSurge rounds up, maxUnavailable down, defaults 25%, never both zero', () => {
  assert.equal(scaledValue(undefined, 3, true), 1);
  assert.equal(scaledValue(undefined, 3, false), 0);
  assert.equal(scaledValue('50%', 5, false), 2);
  assert.equal(scaledValue(2, 5, true), 2);
  assert.deepEqual(fenceposts(rolling(3)), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(fenceposts(rolling(3, { maxSurge: 0, maxUnavailable: 0 })), {
    maxSurge: 0,
    maxUnavailable: 1,
  });
  assert.deepEqual(fenceposts({ replicas: 3, strategy: 'Recreate' }), { maxSurge: 0, maxUnavailable: 0 });
});

test('a rolling update of 3 replicas with the defaults replaces one pod at a time', () => {
  const p = rolling(3);
  // new RS created at 0: surge one pod
  assert.deepEqual(changes(rollingStep(p, rs('new', 0), [rs('old', 3)])), { new: 1 });
  // the surged pod is not available yet: nothing may go down, nothing more may come up
  assert.deepEqual(changes(rollingStep(p, rs('new', 1, 0), [rs('old', 3)])), {});
  // it became available: one old pod goes
  assert.deepEqual(changes(rollingStep(p, rs('new', 1, 1), [rs('old', 3)])), { old: 2 });
  assert.deepEqual(changes(rollingStep(p, rs('new', 1, 1), [rs('old', 2)])), { new: 2 });
  assert.deepEqual(changes(rollingStep(p, rs('new', 3, 3), [rs('old', 1)])), { old: 0 });
  assert.deepEqual(changes(rollingStep(p, rs('new', 3, 3), [rs('old', 0)])), {});
});

test('unhealthy old pods are scaled away first, within the allowed budget', () => {
  const p = rolling(4, { maxSurge: 0, maxUnavailable: 1 });
  // oldest set has 2 unavailable pods; only one may go (maxUnavailable 1, new has 0 unavailable)
  assert.deepEqual(changes(rollingStep(p, rs('new', 0), [rs('a', 2, 0), rs('b', 2)])), { a: 1 });
  const shrunk = rolling(2);
  assert.deepEqual(
    changes(rollingStep(shrunk, rs('new', 3, 3), [])),
    { new: 2 },
    'new set above replicas scales down',
  );
});

test('recreate scales every old set to zero and waits for their pods before scaling up', () => {
  const p: RolloutParams = { replicas: 2, strategy: 'Recreate' };
  assert.deepEqual(changes(recreateStep(p, rs('new', 0), [rs('old', 2)])), { old: 0 });
  assert.deepEqual(changes(recreateStep(p, rs('new', 0), [rs('old', 0, 0, 1)])), {});
  assert.deepEqual(changes(recreateStep(p, rs('new', 0), [rs('old', 0, 0, 0)])), { new: 2 });
});

test('scaling: one active set takes the new count; during a rollout new gets more, old gives first', () => {
  assert.deepEqual(changes(scaleStep(rolling(5), rs('new', 3), [rs('old', 0)])), { new: 5 });
  assert.deepEqual(changes(scaleStep(rolling(0), rs('new', 3), [])), { new: 0 });
  assert.deepEqual(
    changes(scaleStep(rolling(6), rs('new', 2), [rs('old', 2)])),
    { new: 6 },
    '6 + 2 surge - 4',
  );
  assert.deepEqual(
    changes(scaleStep(rolling(1), rs('new', 2), [rs('old', 2)])),
    { old: 0 },
    '1 + 1 surge: old sets give first',
  );
});
