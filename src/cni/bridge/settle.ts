/**
 * Runs steps together and waits for every one of them before failing with the first error: a
 * step still in flight must not change the kernel after a rollback has cleaned up behind it.
 * (Every kernel step is a process, ip or nft or sysctl; independent ones overlap.)
 */
export async function settleAll<T extends readonly unknown[]>(
  steps: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(steps);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
