import type { ApiClient, ListOptions, WatchHandle } from './api-client.js';
import { isGone } from './errors.js';
import { kindId, type ResourceKind } from './kinds.js';
import { keyOf, type KubeObject, type WatchEvent } from './types.js';

/**
 * List + watch into an in-memory cache, as client-go's reflector and informer do: list, then watch
 * from the list's resourceVersion; when a watch ends, watch again from the last version seen; when
 * the version has expired (410), list again and turn the difference into add/update/delete events.
 * Connection failures (an API server restart) back off and retry forever, so handlers see every
 * change, or at least the final state of every object, exactly like a fresh start would.
 */

export interface InformerHandlers<T extends KubeObject> {
  add?(obj: T): void;
  update?(old: T, obj: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions extends ListOptions {
  readonly log?: (line: string) => void;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** client-go's reflector picks 5-10 minutes so that watches do not all restart together. */
  readonly watchTimeoutSeconds?: number;
}

/** A watch that ends sooner than this without error still counts as a failure (no busy loop). */
const SHORT_WATCH_MS = 1000;

export class Informer<T extends KubeObject> {
  private cache = new Map<string, T>();
  private version = '';
  private readonly handlers: InformerHandlers<T>[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private current: WatchHandle | undefined;
  private wake: (() => void) | undefined;
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(
    private readonly client: ApiClient,
    readonly kind: ResourceKind,
    private readonly options: InformerOptions = {},
  ) {}

  /** Handlers added after the first list get an `add` for every cached object (as in client-go). */
  addHandlers(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
    if (this.synced) for (const obj of this.cache.values()) call(() => handlers.add?.(obj), this.logError);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.current?.stop();
    this.wake?.();
    await this.loop;
  }

  /** Resolves once the first list has filled the cache. */
  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  /** The last resourceVersion seen (list, event or bookmark). */
  get resourceVersion(): string {
    return this.version;
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(filter?: (obj: T) => boolean): T[] {
    const all = [...this.cache.values()];
    return filter ? all.filter(filter) : all;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let needList = true;
    while (this.running) {
      try {
        if (needList) await this.relist();
        needList = false;
        const started = Date.now();
        needList = (await this.watchOnce()) === 'expired';
        failures = needList || Date.now() - started >= SHORT_WATCH_MS ? 0 : failures + 1;
      } catch (err) {
        if (!this.running) break;
        if (isGone(err)) needList = true;
        failures++;
        this.log(`informer ${kindId(this.kind)}: ${(err as Error).message}; retrying`);
      }
      if (failures > 0) await this.sleep(this.backoff(failures));
    }
  }

  private backoff(failures: number): number {
    const min = this.options.minBackoffMs ?? 100;
    const max = this.options.maxBackoffMs ?? 5000;
    return Math.min(max, min * 2 ** (failures - 1));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async relist(): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.options;
    const result = await this.client.list<T>(this.kind, { namespace, labelSelector, fieldSelector });
    const next = new Map(result.items.map((obj) => [keyOf(obj), obj]));
    const previous = this.cache;
    this.cache = next;
    this.version = result.resourceVersion;
    for (const [key, obj] of next) {
      const old = previous.get(key);
      if (!old) this.emit((h) => h.add?.(obj));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.emit((h) => h.update?.(old, obj));
    }
    for (const [key, old] of previous) if (!next.has(key)) this.emit((h) => h.delete?.(old));
    if (!this.synced) {
      this.synced = true;
      this.syncWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /** One watch, until it ends: 'expired' asks for a relist. */
  private async watchOnce(): Promise<'expired' | 'ended'> {
    let expired = false;
    const { namespace, labelSelector, fieldSelector } = this.options;
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? Math.round(300 * (1 + Math.random()));
    const handle = this.client.watch(
      this.kind,
      { namespace, labelSelector, fieldSelector, resourceVersion: this.version, timeoutSeconds },
      (event) => {
        if (event.type === 'ERROR') {
          expired = (event.object as { code?: number }).code === 410;
          if (!expired)
            this.log(`informer ${kindId(this.kind)}: watch error ${JSON.stringify(event.object)}`);
          handle.stop();
          return;
        }
        this.apply(event);
      },
    );
    this.current = handle;
    if (!this.running) handle.stop();
    await handle.done;
    return expired ? 'expired' : 'ended';
  }

  private apply(event: WatchEvent): void {
    const obj = event.object as T;
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.version = rv;
    if (event.type === 'BOOKMARK') return;
    const key = keyOf(obj);
    const old = this.cache.get(key);
    if (event.type === 'DELETED') {
      this.cache.delete(key);
      this.emit((h) => h.delete?.(obj));
      return;
    }
    this.cache.set(key, obj);
    if (old) this.emit((h) => h.update?.(old, obj));
    else this.emit((h) => h.add?.(obj));
  }

  private emit(fn: (h: InformerHandlers<T>) => void): void {
    for (const h of this.handlers) call(() => fn(h), this.logError);
  }

  private readonly logError = (err: unknown): void =>
    this.log(`informer ${kindId(this.kind)}: handler failed: ${(err as Error).message}`);

  private log(line: string): void {
    this.options.log?.(line);
  }
}

function call(fn: () => void, onError: (err: unknown) => void): void {
  try {
    fn();
  } catch (err) {
    onError(err);
  }
}
