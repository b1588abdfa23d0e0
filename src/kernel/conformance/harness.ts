import assert from 'node:assert/strict';
import { InvalidInputError } from '../../lib/errors.js';
import { isKernelError, isNotFound, type KernelErrorCode } from '../errors.js';
import type { HostKernel, Kernel, LinkInfo } from '../types.js';

/** The plumbing every conformance test shares: unique namespaces that are always removed. */

export interface KernelUnderTest {
  readonly kernel: Kernel;
  /** Every namespace a test creates starts with this (unique per run on a real host). */
  readonly netnsPrefix: string;
  cleanup(): Promise<void>;
}

export type KernelSetup = () => Promise<KernelUnderTest>;

export interface Netns {
  readonly name: string;
  readonly host: HostKernel;
}

export interface Lab {
  readonly kernel: Kernel;
  /** A prefixed name for a namespace that the test does not create (or creates itself). */
  name(suffix: string): string;
  /** Creates a prefixed namespace, deleted after the test even when it fails. */
  netns(suffix: string): Promise<Netns>;
}

let labs = 0;

/** Wraps a test body: fresh namespaces in, all of them out in `finally`. */
export function inLab(setup: KernelSetup, body: (lab: Lab) => Promise<void>): () => Promise<void> {
  return async () => {
    const target = await setup();
    const id = labs++;
    const created = new Set<string>();
    const name = (suffix: string) => `${target.netnsPrefix}${id}${suffix}`;
    const lab: Lab = {
      kernel: target.kernel,
      name,
      netns: async (suffix) => {
        const netns = name(suffix);
        created.add(netns);
        await target.kernel.createNetns(netns);
        return { name: netns, host: target.kernel.host(netns) };
      },
    };
    try {
      await body(lab);
    } finally {
      for (const netns of created) {
        await target.kernel.deleteNetns(netns).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
      await target.cleanup();
    }
  };
}

/** Asserts that `promise` rejects with a KernelError of `code`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: KernelErrorCode,
  what = '',
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isKernelError(err), `${what}: expected KernelError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, `${what}: ${err.message}`);
    return true;
  });
}

export async function rejectsInvalid(promise: Promise<unknown>, what = ''): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InvalidInputError, `${what}: expected InvalidInputError, got ${String(err)}`);
    return true;
  });
}

/**
 * The real kernel tears a deleted namespace down asynchronously (cleanup_net runs on a workqueue),
 * so effects on other namespaces are polled for.
 */
export async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A link without the attributes the kernel randomises (MAC) or counts (index). */
export function shape(link: LinkInfo | undefined): Omit<LinkInfo, 'mac' | 'index'> | undefined {
  if (!link) return undefined;
  const kept = Object.entries(link).filter(([key]) => key !== 'mac' && key !== 'index');
  return Object.fromEntries(kept) as Omit<LinkInfo, 'mac' | 'index'>;
}

export async function names(host: HostKernel): Promise<string[]> {
  return (await host.listLinks()).map((l) => l.name).sort();
}

export function sorted<T>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
