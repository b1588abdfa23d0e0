import type { Attachment } from './config.js';

/**
 * Where reservations live (host-local's backend.Store). The allocator never touches it; the IPAM
 * operations read it, decide, then write. `withLock` serialises every plugin invocation on the network.
 */

export interface Reservation {
  readonly ip: string;
  /** `ifname` is '' for files written by host-local before 0.7 (container ID only). */
  readonly owner: Attachment;
}

export interface Store {
  /** Runs `fn` holding the network's exclusive lock. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /** All reservations of the network (nothing when the network has none yet). */
  reservations(): Promise<Reservation[]>;
  /** Reserves `ip` for `owner`; false when it is taken. Records it as the range set's last reservation. */
  reserve(ip: string, owner: Attachment, rangeSetIndex: number): Promise<boolean>;
  lastReserved(rangeSetIndex: number): Promise<string | undefined>;
  /** Removes a reservation; releasing a free address is no error (DEL is idempotent). */
  release(ip: string): Promise<void>;
}

/** Whether a reservation belongs to an attachment, counting legacy ID-only files as matching any ifname. */
export function ownedBy(r: Reservation, a: Attachment): boolean {
  return r.owner.containerId === a.containerId && (r.owner.ifname === a.ifname || r.owner.ifname === '');
}
