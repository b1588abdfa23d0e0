import { isExists, isNotFound } from '../kernel/errors.js';
import type { HostKernel, KernelOp } from '../kernel/types.js';
import { errorMessage } from '../lib/errors.js';
import { masqueradeScript } from './masquerade.js';
import { observe } from './observe.js';
import { describeOp } from './ops.js';
import { planSync, type SyncInput, type SyncPlan } from './plan.js';
import { ensureSysctls } from './sysctls.js';

/**
 * The kernel half of one sync, shared by the agent and the conformance suite: read, plan (pure),
 * apply the one batch, then the sysctls and the SNAT table. Nothing here talks to the API.
 */

export interface Reconciled {
  readonly plan: SyncPlan;
  /** Ops that failed even one by one (the next sync retries them). */
  readonly failed: number;
}

export async function reconcile(
  host: HostKernel,
  input: SyncInput,
  log: (line: string) => void = () => undefined,
): Promise<Reconciled> {
  const devices = input.backend.network(input.ext, input.localSubnet).devices;
  const plan = planSync(input, await observe(host, devices));
  const failed = await applyBatch(host, plan.ops, log);
  for (const change of await ensureSysctls(host, input.ext)) log(`sysctl ${change}`);
  await host.nftApply(masqueradeScript(input.clusterCidr));
  return { plan, failed };
}

/**
 * One batch. If it fails part-way (a race with another writer, a refused route), the rest is
 * applied op by op so one bad entry never blocks the others.
 */
export async function applyBatch(
  host: HostKernel,
  ops: readonly KernelOp[],
  log: (line: string) => void,
): Promise<number> {
  if (ops.length === 0) return 0;
  for (const op of ops) log(describeOp(op));
  try {
    await host.apply(ops);
    return 0;
  } catch (err) {
    log(`batch failed (${errorMessage(err)}); applying op by op`);
  }
  let failed = 0;
  for (const op of ops) {
    await host.apply([op]).catch((err: unknown) => {
      if (alreadyDone(op, err)) return;
      failed++;
      log(`${describeOp(op)}: ${errorMessage(err)}`);
    });
  }
  return failed;
}

/** Replaying a batch op by op: what the failed batch already did is not a failure. */
function alreadyDone(op: KernelOp, err: unknown): boolean {
  return op.op.endsWith('.delete') ? isNotFound(err) : op.op.endsWith('.add') && isExists(err);
}
