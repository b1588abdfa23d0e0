import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidInput } from '../../lib/errors.js';
import { BACKEND_TYPES, createBackend, DEFAULT_BACKEND, isBackendType } from './registry.js';

test('the registry builds each backend by name, vxlan by default', () => {
  assert.deepEqual(BACKEND_TYPES, ['host-gw', 'vxlan']);
  assert.equal(DEFAULT_BACKEND, 'vxlan');
  for (const name of BACKEND_TYPES) assert.equal(createBackend(name).type, name);
});

test("an unknown backend is the caller's mistake, not a crash", () => {
  assert.throws(
    () => createBackend('udp'),
    (err) => isInvalidInput(err) && /unknown backend "udp"/.test(err.message),
  );
  assert.equal(isBackendType('toString'), false);
  assert.equal(isBackendType('host-gw'), true);
});
