import { describe } from 'node:test';
import type { KernelSetup } from '../kernel/conformance/harness.js';
import { hostGwBackend } from './backends/host-gw/host-gw.js';
import { vxlanBackend } from './backends/vxlan/vxlan.js';
import { hostGwCases, vxlanCases } from './conformance/devices.js';
import type { BackendCase } from './conformance/harness.js';
import { peerCases } from './conformance/peers.js';
import { nodeIp, podCidr } from './testing.js';

export type { BackendCase } from './conformance/harness.js';

/**
 * The node agent's one behaviour suite, for every backend, on any `Kernel`: the fake
 * (conformance.test.ts) and the real one (test/e2e/flat-network-backends.test.ts, namespaces with a
 * unique prefix). The per-node entries each backend must produce are written out literally here.
 */

const gateway = (i: number): string => podCidr(i).split('/')[0]!;
const vtepMacOf = (i: number): string => `0a:58:0a:f4:${(i - 1).toString(16).padStart(2, '0')}:00`;

export const BACKEND_CASES: readonly BackendCase[] = [
  {
    name: 'vxlan',
    make: () => vxlanBackend(),
    podMtu: 1450,
    entriesFor: (i) => ({
      neighbours: [{ ip: gateway(i), mac: vtepMacOf(i), dev: 'flannel.1' }],
      fdb: [{ mac: vtepMacOf(i), dev: 'flannel.1', dst: nodeIp(i) }],
      routes: [{ dst: podCidr(i), via: gateway(i), dev: 'flannel.1', onlink: true }],
    }),
  },
  {
    name: 'host-gw',
    make: () => hostGwBackend(),
    podMtu: 1500,
    entriesFor: (i) => ({
      neighbours: [],
      fdb: [],
      routes: [{ dst: podCidr(i), via: nodeIp(i), dev: 'eth0' }],
    }),
  },
];

export function nodeAgentConformance(name: string, setup: KernelSetup): void {
  for (const c of BACKEND_CASES)
    describe(`${name}: ${c.name} backend, remote nodes`, () => peerCases(setup, c));
  describe(`${name}: vxlan device`, () => vxlanCases(setup));
  describe(`${name}: host-gw specifics`, () => hostGwCases(setup));
}
