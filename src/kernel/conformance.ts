import { describe } from 'node:test';
import { addressCases } from './conformance/addresses.js';
import type { KernelSetup } from './conformance/harness.js';
import { hostCases } from './conformance/host.js';
import { linkCases } from './conformance/links.js';
import { neighbourCases } from './conformance/neighbours.js';
import { routeCases } from './conformance/routes.js';
import { topologyCases } from './conformance/topology.js';

export type { KernelSetup, KernelUnderTest } from './conformance/harness.js';

/**
 * The one behaviour suite every `Kernel` must pass: the real kernel (test/e2e/kernel.test.ts, as root)
 * and the fake (fake/fake-kernel.test.ts). When they disagree, the real kernel is right.
 *
 * `setup` runs before each test and gives the kernel, a namespace prefix unique to the run, and a
 * cleanup; every namespace a test creates carries the prefix and is deleted after it, pass or fail.
 * The suite only ever writes inside namespaces it created.
 */
export function kernelConformance(name: string, setup: KernelSetup): void {
  describe(`${name}: namespaces and links`, () => linkCases(setup));
  describe(`${name}: link topology`, () => topologyCases(setup));
  describe(`${name}: addresses`, () => addressCases(setup));
  describe(`${name}: routes`, () => routeCases(setup));
  describe(`${name}: neighbours and FDB`, () => neighbourCases(setup));
  describe(`${name}: batches, sysctl, nftables, exec`, () => hostCases(setup));
}
