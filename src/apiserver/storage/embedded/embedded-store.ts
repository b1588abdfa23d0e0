import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { resolvePage } from '../continue-token.js';
import { StorageError, alreadyExists, conflict, expired, notFound } from '../errors.js';
import type {
  ListOptions,
  ListResult,
  Store,
  StoredObject,
  WatchOptions,
  Watcher,
  WriteOptions,
} from '../types.js';
import { checkKey, checkRevision, decodeValue, encodeValue } from '../values.js';
import type { Change, Entry, History } from '../history.js';
import { HistoryWatcher, wakeAll } from '../history-watcher.js';
import type { WatchSource } from '../history-watcher.js';
import { lockDirectory } from './lock.js';
import { encodeRecord, segmentName } from './log-format.js';
import { LogWriter } from './log-writer.js';
import { readPage } from './reads.js';
import { recover } from './recovery.js';
import { removeSegmentsUpTo, writeSnapshot } from './snapshot.js';
import { applyChange, changeOf } from './state.js';
import type { KeySpace } from './state.js';

export interface EmbeddedStoreOptions {
  /** Data directory; created if missing. */
  readonly dir: string;
  /** Changes kept for watch replay and past-revision lists (default 10,000). */
  readonly historyLimit?: number;
  /** Log records between two snapshots (default 10,000): bounds the replay work at startup. */
  readonly snapshotEvery?: number;
}

/** Opens (or creates) the store in `options.dir`; fails with 'Locked' if another store has it open. */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  await mkdir(options.dir, { recursive: true });
  const unlock = await lockDirectory(options.dir);
  try {
    const recovered = await recover(options.dir, options.historyLimit ?? 10_000);
    return new EmbeddedStore(options, recovered.space, recovered.history, recovered.replayed, unlock);
  } catch (err) {
    await unlock();
    throw err;
  }
}

/** A write that is in the log buffer but not yet durable, hence not yet visible to readers. */
interface PendingState {
  readonly revision: number;
  readonly entry: Entry | undefined;
}

/**
 * The default store: state in memory, durability from an append-only log. Writes are checked
 * against the newest state (committed or pending) so preconditions see every earlier write, but
 * readers and watchers only see a change once its log record is durable: nothing a client ever
 * read can be lost in a crash, so a resourceVersion is never handed out twice.
 */
export class EmbeddedStore implements Store, WatchSource {
  failure: StorageError | undefined;
  readonly wakers = new Set<() => void>();
  private readonly pending = new Map<string, PendingState>();
  private readonly uncommitted: Change[] = [];
  private readonly watchers = new Set<HistoryWatcher>();
  private readonly writer: LogWriter;
  private readonly snapshotEvery: number;
  private lastRevision: number;
  private snapshotRevision: number;
  private snapshotting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly options: EmbeddedStoreOptions,
    private readonly space: KeySpace,
    readonly history: History,
    replayed: number,
    private readonly unlock: () => Promise<void>,
  ) {
    this.lastRevision = history.last;
    this.snapshotRevision = history.last - replayed;
    this.snapshotEvery = options.snapshotEvery ?? 10_000;
    this.writer = new LogWriter(this.segmentPath(history.last + 1), (revision) => this.commit(revision));
    this.maybeSnapshot();
  }

  async get(key: string): Promise<StoredObject | undefined> {
    this.checkUsable();
    checkKey(key);
    const entry = this.space.get(key);
    return entry && { value: decodeValue(entry.text), revision: entry.revision };
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    this.checkUsable();
    return readPage(this.space, this.history, prefix, resolvePage(prefix, options));
  }

  async create(key: string, value: unknown): Promise<number> {
    this.checkUsable();
    checkKey(key);
    const text = encodeValue(key, value);
    if (this.latest(key)) throw alreadyExists(key);
    return this.append(key, text, undefined);
  }

  async update(key: string, value: unknown, options: WriteOptions = {}): Promise<number> {
    this.checkUsable();
    checkKey(key);
    const text = encodeValue(key, value);
    return this.append(key, text, this.precondition(key, options));
  }

  async delete(key: string, options: WriteOptions = {}): Promise<StoredObject> {
    this.checkUsable();
    checkKey(key);
    const prev = this.precondition(key, options);
    const revision = await this.append(key, undefined, prev);
    return { value: decodeValue(prev.text), revision };
  }

  async watch(prefix: string, options: WatchOptions = {}): Promise<Watcher> {
    this.checkUsable();
    checkRevision('fromRevision', options.fromRevision);
    const from = options.fromRevision ?? this.history.last;
    if (from < this.history.compacted) throw expired(from, this.history.compacted);
    const watcher = new HistoryWatcher(this, prefix, from);
    this.watchers.add(watcher);
    return watcher;
  }

  async currentRevision(): Promise<number> {
    this.checkUsable();
    return this.history.last;
  }

  /** Forgets history up to `revision`: watches and lists from before it then get 'Expired'. */
  compact(revision: number): void {
    this.history.compactTo(revision);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watcher of [...this.watchers]) watcher.close();
    await this.writer.flush().catch(() => undefined);
    await this.snapshotting;
    await this.writer.close();
    await this.unlock();
  }

  forget(watcher: HistoryWatcher): void {
    this.watchers.delete(watcher);
  }

  private checkUsable(): void {
    if (this.closed) throw new StorageError('Closed', 'the store is closed');
    if (this.failure) throw this.failure;
  }

  /** The newest state of a key, including writes that are not yet durable. */
  private latest(key: string): Entry | undefined {
    const pending = this.pending.get(key);
    return pending ? pending.entry : this.space.get(key);
  }

  private precondition(key: string, options: WriteOptions): Entry {
    checkRevision('expectedRevision', options.expectedRevision);
    const current = this.latest(key);
    if (!current) throw notFound(key);
    const expected = options.expectedRevision;
    if (expected !== undefined && expected !== current.revision)
      throw conflict(key, expected, current.revision);
    return current;
  }

  /** Assigns the next revision and logs the change; synchronous up to the append, so writes serialize. */
  private async append(key: string, text: string | undefined, prev: Entry | undefined): Promise<number> {
    const revision = ++this.lastRevision;
    this.uncommitted.push(changeOf(revision, key, text, prev));
    this.pending.set(key, { revision, entry: text === undefined ? undefined : { text, revision } });
    try {
      await this.writer.append(encodeRecord(revision, key, text), revision);
    } catch (err) {
      this.fail(err);
      throw err;
    }
    return revision;
  }

  /** Runs when the log is durable up to `revision`: publish those changes to readers and watchers. */
  private commit(revision: number): void {
    let count = 0;
    for (const change of this.uncommitted) {
      if (change.revision > revision) break;
      applyChange(this.space, change);
      this.history.push(change);
      if (this.pending.get(change.key)?.revision === change.revision) this.pending.delete(change.key);
      count++;
    }
    this.uncommitted.splice(0, count);
    wakeAll(this.wakers);
    this.maybeSnapshot();
  }

  private fail(err: unknown): void {
    this.failure ??= err instanceof StorageError ? err : new StorageError('Unavailable', 'store failed');
    wakeAll(this.wakers);
  }

  private maybeSnapshot(): void {
    if (this.snapshotting || this.closed || this.lastRevision - this.snapshotRevision < this.snapshotEvery)
      return;
    this.snapshotRevision = this.lastRevision;
    this.snapshotting = this.snapshot()
      .catch(() => undefined) // the log still holds everything; the next threshold retries
      .finally(() => (this.snapshotting = undefined));
  }

  /**
   * Captures the newest state synchronously, switches the log to a new segment at the same
   * instant, and once the old segments are durable writes the snapshot and drops them.
   */
  private async snapshot(): Promise<void> {
    const revision = this.lastRevision;
    const entries = this.latestEntries();
    this.writer.rotate(this.segmentPath(revision + 1));
    await this.writer.flush();
    await writeSnapshot(this.options.dir, revision, entries);
    await removeSegmentsUpTo(this.options.dir, revision);
  }

  private latestEntries(): [string, Entry][] {
    const merged = new Map(this.space.all());
    for (const [key, { entry }] of this.pending) {
      if (entry) merged.set(key, entry);
      else merged.delete(key);
    }
    const entries = [...merged];
    // Snapshot records go in key order so that loading appends to the sorted key index.
    if (this.pending.size > 0) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries;
  }

  private segmentPath(firstRevision: number): string {
    return join(this.options.dir, segmentName(firstRevision));
  }
}
