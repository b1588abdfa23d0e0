import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { isIPv4 } from '../../lib/ipv4.js';
import type { Attachment } from './config.js';
import { processLock, type LockFile } from './file-lock.js';
import type { Reservation, Store } from './store.js';

/**
 * host-local's on-disk format (backend/disk/backend.go), so either plugin can read the other's state:
 * `<dataDir>/<network>/<ip>` holds `<containerID>\r\n<ifname>`, `last_reserved_ip.<rangeSetIndex>`
 * holds the last address handed out from that range set, and `lock` is the flock target.
 *
 * The file calls are synchronous on purpose: they touch a few tiny files while the network's lock
 * is held, each takes microseconds, while an asynchronous call is a round trip through libuv's
 * thread pool that costs more than the work under load (measured in the CNI server: ~6 ms per ADD
 * in the lock, against ~0.3 ms). The lock is held for less time, and concurrent ADDs wait less.
 */

export const LAST_RESERVED_PREFIX = 'last_reserved_ip.';
export const LOCK_FILE = 'lock';
export const LINE_BREAK = '\r\n';
const LOCK_TIMEOUT_MS = 30_000;

export function encodeOwner(owner: Attachment): string {
  return `${owner.containerId.trim()}${LINE_BREAK}${owner.ifname}`;
}

export function decodeOwner(text: string): Attachment {
  const trimmed = text.trim();
  const cut = trimmed.indexOf(LINE_BREAK);
  return cut < 0
    ? { containerId: trimmed, ifname: '' }
    : { containerId: trimmed.slice(0, cut), ifname: trimmed.slice(cut + LINE_BREAK.length) };
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

export class DiskStore implements Store {
  /** `<dataDir>/<network>`; the network name is validated by the caller (no '/' or '..'). */
  readonly dir: string;

  constructor(
    dataDir: string,
    network: string,
    private readonly lockFile: LockFile = processLock,
  ) {
    this.dir = join(dataDir, network);
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    const unlock = await this.lockFile(join(this.dir, LOCK_FILE), LOCK_TIMEOUT_MS);
    try {
      return await fn();
    } finally {
      await unlock();
    }
  }

  async reservations(): Promise<Reservation[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const read = (ip: string): Reservation | undefined => {
      try {
        return { ip, owner: decodeOwner(readFileSync(join(this.dir, ip), 'utf8')) };
      } catch (err) {
        if (isMissing(err)) return undefined; // released meanwhile
        throw err;
      }
    };
    return names
      .filter(isIPv4)
      .map(read)
      .filter((r): r is Reservation => r !== undefined);
  }

  async reserve(ip: string, owner: Attachment, rangeSetIndex: number): Promise<boolean> {
    const file = join(this.dir, ip);
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600); // O_CREAT|O_EXCL, as host-local
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      writeSync(fd, encodeOwner(owner));
    } catch (err) {
      rmSync(file, { force: true });
      throw err;
    } finally {
      closeSync(fd);
    }
    writeFileSync(join(this.dir, LAST_RESERVED_PREFIX + rangeSetIndex), ip, { mode: 0o600 });
    return true;
  }

  async lastReserved(rangeSetIndex: number): Promise<string | undefined> {
    try {
      const text = readFileSync(join(this.dir, LAST_RESERVED_PREFIX + rangeSetIndex), 'utf8').trim();
      return isIPv4(text) ? text : undefined;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async release(ip: string): Promise<void> {
    if (!isIPv4(ip)) return;
    rmSync(join(this.dir, ip), { force: true });
  }
}
