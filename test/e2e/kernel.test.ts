import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { kernelConformance } from '../../src/kernel/conformance.js';
import { RealKernel } from '../../src/kernel/index.js';

/**
 * The conformance suite on the real kernel (root required). Every namespace carries a prefix unique
 * to this run; the suite deletes each after its test, and `after` sweeps any left behind.
 * Nothing is ever written to the root namespace: the suite only uses host(<its own namespace>).
 */
const kernel = new RealKernel();
const prefix = `fnk_${randomBytes(3).toString('hex')}_`;

after(async () => {
  for (const name of await kernel.listNetns()) {
    if (name.startsWith(prefix)) await kernel.deleteNetns(name);
  }
});

// Integration tests never skip: without root they fail, so a CI that lost root cannot pass quietly.
test('the real-kernel suite runs as root', () => {
  assert.equal(process.getuid?.(), 0, 'test/e2e needs root (network namespaces)');
});

kernelConformance('RealKernel', async () => ({
  kernel,
  netnsPrefix: prefix,
  cleanup: async () => undefined,
}));
