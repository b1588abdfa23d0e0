import { continueAfter, resolvePage } from '../continue-token.js';
import { StorageError, alreadyExists, conflict, isStorageError, notFound } from '../errors.js';
import type {
  KeyValue,
  ListOptions,
  ListResult,
  Store,
  StoredObject,
  WatchOptions,
  Watcher,
  WriteOptions,
} from '../types.js';
import { checkKey, checkRevision, decodeValue, encodeValue } from '../values.js';
import { EtcdFeed } from './etcd-feed.js';
import type { RangeResponse, TxnResponse } from './gateway.js';
import { EtcdGateway, fromBase64, int64, prefixRangeEnd, toBase64 } from './gateway.js';

export interface EtcdStoreOptions {
  /** Client URL of an etcd v3 member, e.g. http://127.0.0.1:2379. */
  readonly endpoint: string;
  /** Prepended to every key, as kube-apiserver's --etcd-prefix; default none. */
  readonly keyPrefix?: string;
  /** Changes each watch feed keeps for watchers that start late or lag (default 10,000). */
  readonly historyLimit?: number;
}

type Compare = Record<string, unknown>;

/**
 * The Store on etcd v3, through its JSON gateway. etcd's revision is the resourceVersion, and every
 * conditional write is one transaction comparing the key's create/mod revision, exactly as
 * kube-apiserver's storage/etcd3 does with gRPC. Watchers share one etcd watch (see EtcdFeed); one
 * that starts before that watch's history opens its own.
 */
export class EtcdStore implements Store {
  private readonly gateway: EtcdGateway;
  private readonly keyPrefix: string;
  private readonly feeds = new Set<EtcdFeed>();
  private shared: Promise<EtcdFeed> | undefined;
  private closed = false;

  constructor(private readonly options: EtcdStoreOptions) {
    this.gateway = new EtcdGateway(options.endpoint);
    this.keyPrefix = options.keyPrefix ?? '';
  }

  async get(key: string): Promise<StoredObject | undefined> {
    this.checkOpen();
    checkKey(key);
    const response = await this.gateway.call<RangeResponse>('kv/range', { key: this.etcdKey(key) });
    const kv = response.kvs?.[0];
    return kv && { value: decodeValue(fromBase64(kv.value)), revision: int64(kv.mod_revision) };
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    this.checkOpen();
    const page = resolvePage(prefix, options);
    const response = await this.gateway.call<RangeResponse>('kv/range', {
      key: this.etcdKey(page.start),
      range_end: prefixRangeEnd(this.keyPrefix + prefix),
      revision: String(page.revision ?? 0),
      limit: String(page.limit ?? 0),
    });
    const revision = page.revision ?? int64(response.header?.revision);
    const items: KeyValue[] = (response.kvs ?? []).map((kv) => ({
      key: this.storeKey(kv.key),
      value: decodeValue(fromBase64(kv.value)),
      revision: int64(kv.mod_revision),
    }));
    if (!response.more || items.length === 0) return { items, revision };
    return { items, revision, continue: continueAfter(revision, items.at(-1)!.key) };
  }

  async create(key: string, value: unknown): Promise<number> {
    this.checkOpen();
    checkKey(key);
    const put = { request_put: { key: this.etcdKey(key), value: toBase64(encodeValue(key, value)) } };
    const response = await this.txn([this.compare(key, 'CREATE', 'EQUAL', 0)], put, key);
    if (!response.succeeded) throw alreadyExists(key);
    return int64(response.header?.revision);
  }

  async update(key: string, value: unknown, options: WriteOptions = {}): Promise<number> {
    this.checkOpen();
    checkKey(key);
    const put = { request_put: { key: this.etcdKey(key), value: toBase64(encodeValue(key, value)) } };
    const response = await this.conditionalWrite(key, put, options);
    return int64(response.header?.revision);
  }

  async delete(key: string, options: WriteOptions = {}): Promise<StoredObject> {
    this.checkOpen();
    checkKey(key);
    const del = { request_delete_range: { key: this.etcdKey(key), prev_kv: true } };
    const response = await this.conditionalWrite(key, del, options);
    const prev = response.responses?.[0]?.response_delete_range?.prev_kvs?.[0];
    return { value: decodeValue(fromBase64(prev?.value)), revision: int64(response.header?.revision) };
  }

  async watch(prefix: string, options: WatchOptions = {}): Promise<Watcher> {
    this.checkOpen();
    checkRevision('fromRevision', options.fromRevision);
    const from = options.fromRevision ?? (await this.currentRevision());
    if (options.fromRevision !== undefined) await this.checkRetained(prefix, from);
    const shared = await this.sharedFeed(from);
    if (shared.covers(from)) return shared.watch(prefix, from);
    return (await this.openFeed(prefix, from, true)).watch(prefix, from);
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    const response = await this.gateway.call<RangeResponse>('kv/range', {
      key: this.etcdKey(''),
      count_only: true,
    });
    return int64(response.header?.revision);
  }

  /** etcd compaction: revisions before `revision` are gone for every key of the cluster. */
  async compact(revision: number): Promise<void> {
    await this.gateway.call('kv/compaction', { revision: String(revision), physical: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const feed of this.feeds) feed.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new StorageError('Closed', 'the store is closed');
  }

  /**
   * Watch creation succeeds even below the compacted revision (etcd reports it on the stream
   * afterwards), so a range read at the first revision wanted reports 'Expired' up front.
   */
  private async checkRetained(prefix: string, from: number): Promise<void> {
    try {
      await this.gateway.call('kv/range', {
        ...this.range(prefix),
        revision: String(from + 1),
        count_only: true,
      });
    } catch (err) {
      if (!isStorageError(err, 'FutureRevision')) throw err; // watching from the future is fine
    }
  }

  /**
   * The feed over all of this store's keys, opened by the first watch (from its revision) and
   * again after a failure. Concurrent callers share one opening: the check and the assignment
   * happen with no await in between.
   */
  private async sharedFeed(from: number): Promise<EtcdFeed> {
    for (let pending = this.shared; pending; pending = this.shared) {
      const feed = await pending.catch(() => undefined);
      if (feed?.usable) return feed;
      if (this.shared === pending) this.shared = undefined;
    }
    const opening = this.openFeed('', from, false);
    this.shared = opening;
    return opening;
  }

  private async openFeed(prefix: string, from: number, closeWhenIdle: boolean): Promise<EtcdFeed> {
    const feed = await EtcdFeed.open({
      url: this.gateway.url('watch'),
      range: this.range(prefix),
      from,
      keyOf: (etcdKey) => this.storeKey(etcdKey),
      historyLimit: this.options.historyLimit ?? 10_000,
      closeWhenIdle,
    });
    if (this.closed) feed.close();
    for (const old of this.feeds) if (old.isClosed) this.feeds.delete(old);
    this.feeds.add(feed);
    return feed;
  }

  private range(prefix: string): { key: string; range_end: string } {
    return { key: this.etcdKey(prefix), range_end: prefixRangeEnd(this.keyPrefix + prefix) };
  }

  /** Update and delete: the key must exist and, when asked, be at the expected revision. */
  private async conditionalWrite(key: string, request: unknown, options: WriteOptions): Promise<TxnResponse> {
    const expected = options.expectedRevision;
    checkRevision('expectedRevision', expected);
    const compares = [this.compare(key, 'CREATE', 'GREATER', 0)];
    if (expected !== undefined) compares.push(this.compare(key, 'MOD', 'EQUAL', expected));
    const response = await this.txn(compares, request, key);
    if (response.succeeded) return response;
    const current = response.responses?.[0]?.response_range?.kvs?.[0];
    if (!current) throw notFound(key);
    throw conflict(key, expected ?? 0, int64(current.mod_revision));
  }

  /** On failure the transaction reads the key instead, to tell NotFound from Conflict. */
  private txn(compares: Compare[], success: unknown, key: string): Promise<TxnResponse> {
    const failure = { request_range: { key: this.etcdKey(key) } };
    return this.gateway.call<TxnResponse>('kv/txn', {
      compare: compares,
      success: [success],
      failure: [failure],
    });
  }

  private compare(
    key: string,
    target: 'CREATE' | 'MOD',
    result: 'EQUAL' | 'GREATER',
    revision: number,
  ): Compare {
    const field = target === 'CREATE' ? 'create_revision' : 'mod_revision';
    return { key: this.etcdKey(key), target, result, [field]: String(revision) };
  }

  /** etcd rejects an empty key; "\0" is the smallest non-empty one (clientv3 does the same). */
  private etcdKey(key: string): string {
    const full = this.keyPrefix + key;
    return toBase64(full === '' ? '\u0000' : full);
  }

  private storeKey(etcdKey: string): string {
    return fromBase64(etcdKey).slice(this.keyPrefix.length);
  }
}
