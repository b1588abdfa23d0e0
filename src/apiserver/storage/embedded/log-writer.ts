import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StorageError } from '../errors.js';
import { syncDirectory } from './snapshot.js';

interface Batch {
  readonly path: string;
  readonly lines: string[];
  readonly waiters: { resolve(): void; reject(err: unknown): void }[];
  lastRevision: number;
}

/**
 * Appends records to log segments with group commit: one write plus one fdatasync per batch, and
 * a batch is everything appended while the previous batch was being synced. A lone writer pays one
 * sync per write; a thousand concurrent writers share a handful (PostgreSQL's and etcd's WAL do the
 * same). After the first failed write every pending and later append fails: the store's memory
 * may then be ahead of the disk, so it must stop rather than acknowledge more.
 */
export class LogWriter {
  private readonly queue: Batch[] = [];
  private segment: string;
  private file: { path: string; handle: FileHandle } | undefined;
  private draining: Promise<void> | undefined;
  private writing: Batch | undefined;
  private failure: StorageError | undefined;

  constructor(
    segment: string,
    /** Called after each batch is durable, before its appends resolve. */
    private readonly onDurable: (revision: number) => void,
  ) {
    this.segment = segment;
  }

  /** Resolves once the line (which ends in "\n") is on disk. */
  append(line: string, revision: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    let batch = this.queue.at(-1);
    if (!batch || batch.path !== this.segment) {
      batch = { path: this.segment, lines: [], waiters: [], lastRevision: revision };
      this.queue.push(batch);
    }
    batch.lines.push(line);
    batch.lastRevision = revision;
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    this.draining ??= this.drain();
    return done;
  }

  /** Later appends go to a new segment; earlier ones still land in the current one. */
  rotate(segment: string): void {
    this.segment = segment;
  }

  /** Resolves when everything appended so far is durable; later appends do not delay it. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const last = this.queue.at(-1) ?? this.writing;
    if (!last) return Promise.resolve();
    return new Promise<void>((resolve, reject) => last.waiters.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.draining;
    await this.file?.handle.close();
    this.file = undefined;
  }

  private async drain(): Promise<void> {
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      this.writing = batch;
      try {
        await this.write(batch);
      } catch (err) {
        this.fail(err, batch);
        break;
      }
      this.onDurable(batch.lastRevision);
      for (const waiter of batch.waiters) waiter.resolve();
    }
    this.writing = undefined;
    this.draining = undefined;
  }

  private async write(batch: Batch): Promise<void> {
    if (this.file?.path !== batch.path) {
      await this.file?.handle.close();
      this.file = undefined;
      this.file = { path: batch.path, handle: await open(batch.path, 'a') };
      // A new segment's directory entry must be durable too, or a crash could lose the whole file.
      await syncDirectory(dirname(batch.path));
    }
    await this.file.handle.writeFile(batch.lines.join(''));
    // fdatasync: the records must survive power loss before the write is acknowledged.
    await this.file.handle.datasync();
  }

  private fail(cause: unknown, batch: Batch): void {
    this.failure = new StorageError('Unavailable', `writing the storage log ${batch.path} failed`, { cause });
    for (const pending of [batch, ...this.queue.splice(0)]) {
      for (const waiter of pending.waiters) waiter.reject(this.failure);
    }
  }
}
