/**
 * client-go's ControllerExpectations, by name: after a controller creates or deletes pods it must
 * not act on its (still stale) informer cache until the cache has seen those changes, or it would
 * create the same pods twice. Expectations expire (5 min in Kubernetes; shorter here) so a lost
 * watch event cannot block a controller forever.
 */
export class Expectations {
  private readonly pending = new Map<string, { adds: Set<string>; deletes: Set<string>; at: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  expect(key: string, adds: readonly string[], deletes: readonly string[]): void {
    if (adds.length === 0 && deletes.length === 0) return;
    this.pending.set(key, { adds: new Set(adds), deletes: new Set(deletes), at: this.now() });
  }

  observeAdd(key: string, name: string): void {
    this.pending.get(key)?.adds.delete(name);
  }

  observeDelete(key: string, name: string): void {
    this.pending.get(key)?.deletes.delete(name);
  }

  /** A create or delete that failed will never be observed: stop waiting for it. */
  lower(key: string, kind: 'add' | 'delete', name: string): void {
    if (kind === 'add') this.observeAdd(key, name);
    else this.observeDelete(key, name);
  }

  satisfied(key: string): boolean {
    const entry = this.pending.get(key);
    if (!entry) return true;
    const done = (entry.adds.size === 0 && entry.deletes.size === 0) || this.now() - entry.at > this.ttlMs;
    if (done) this.pending.delete(key);
    return done;
  }

  clear(key: string): void {
    this.pending.delete(key);
  }
}
