import type { Attachment } from './config.js';
import type { Reservation, Store } from './store.js';

/** The in-memory Store for tests (host-local's backend/testing/fake_store.go), with failure hooks. */
export class FakeStore implements Store {
  readonly entries = new Map<string, Attachment>();
  readonly last = new Map<number, string>();
  lockCount = 0;
  /** When set, every call fails with it (an unreadable store). */
  failWith: Error | undefined;

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    this.check();
    this.lockCount++;
    return fn();
  }

  async reservations(): Promise<Reservation[]> {
    this.check();
    return [...this.entries].map(([ip, owner]) => ({ ip, owner }));
  }

  async reserve(ip: string, owner: Attachment, rangeSetIndex: number): Promise<boolean> {
    this.check();
    if (this.entries.has(ip)) return false;
    this.entries.set(ip, owner);
    this.last.set(rangeSetIndex, ip);
    return true;
  }

  async lastReserved(rangeSetIndex: number): Promise<string | undefined> {
    this.check();
    return this.last.get(rangeSetIndex);
  }

  async release(ip: string): Promise<void> {
    this.check();
    this.entries.delete(ip);
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }
}
