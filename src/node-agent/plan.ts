import type { Node } from '../client/objects.js';
import type { KernelOp } from '../kernel/types.js';
import type { Backend, ExternalInterface } from './backends/backend.js';
import { desiredState, type Problem } from './desired.js';
import { diff, forgetDevices, type Observed } from './diff.js';

/**
 * One sync as a pure function: Node objects + the backend + what the kernel holds -> the single
 * batch to apply (device first, then per-node entries in flannel's order), the backend data to
 * publish, and the problems to report. The agent only reads, calls this, and writes.
 */

export interface SyncInput {
  readonly localNode: string;
  readonly localSubnet: string;
  readonly clusterCidr: string;
  readonly backend: Backend;
  readonly ext: ExternalInterface;
  readonly nodes: readonly Node[];
}

export interface SyncPlan {
  readonly ops: readonly KernelOp[];
  /** This node's `backend-data` (flannel's lease attributes): valid once `ops` ran. */
  readonly backendData: unknown;
  readonly problems: readonly Problem[];
  readonly programmed: readonly string[];
  readonly mtu: number;
}

export function planSync(input: SyncInput, observed: Observed): SyncPlan {
  const network = input.backend.network(input.ext, input.localSubnet);
  const want = desiredState({ ...input, backendType: input.backend.type, network });
  const device = network.device(observed);
  const entries = diff(want.entries, forgetDevices(observed, device.reset), {
    clusterCidr: input.clusterCidr,
    localSubnet: input.localSubnet,
    protectedSubnets: want.protectedSubnets,
  });
  return {
    ops: [...device.ops, ...entries],
    backendData: network.backendData(observed),
    problems: want.problems,
    programmed: want.programmed,
    mtu: network.mtu,
  };
}
