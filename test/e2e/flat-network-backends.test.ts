import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { RealKernel } from '../../src/kernel/index.js';
import { nodeAgentConformance } from '../../src/node-agent/conformance.js';

/**
 * The node agent's conformance suite (both backends) on the real kernel, as root. Every namespace
 * carries a prefix unique to this run and is deleted after its test; `after` sweeps leftovers.
 * Nothing is written to the root namespace.
 */
const kernel = new RealKernel();
const prefix = `fna_${randomBytes(3).toString('hex')}_`;

after(async () => {
  for (const name of await kernel.listNetns()) if (name.startsWith(prefix)) await kernel.deleteNetns(name);
});

test('the real-kernel node agent suite runs as root', () => {
  assert.equal(process.getuid?.(), 0, 'test/e2e needs root (network namespaces)');
});

nodeAgentConformance('RealKernel', async () => ({
  kernel,
  netnsPrefix: prefix,
  cleanup: async () => undefined,
}));
