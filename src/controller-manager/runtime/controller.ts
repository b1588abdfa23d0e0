import { isAlreadyExists, isConflict, isNamespaceTerminating } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import { keyOf, type KubeObject } from '../../client/types.js';
import { errorMessage } from '../../lib/errors.js';
import { WorkQueue, type WorkQueueOptions } from './work-queue.js';

/**
 * The shape of every controller, as in kube-controller-manager: informer handlers turn changes into
 * keys on a work queue; workers take a key and reconcile the object it names against the current
 * state of the world (level-triggered: a reconcile never depends on which event woke it). Errors
 * retry with backoff; a reconcile may ask to be called again later (waiting for time to pass).
 */

export type Logger = (line: string) => void;

export interface ReconcileResult {
  readonly requeueAfterMs?: number;
}

export type Reconcile = (key: string) => Promise<ReconcileResult | void>;

export interface ControllerOptions extends WorkQueueOptions {
  readonly workers?: number;
  /** Re-reconcile every key from `keys()` this often: a safety net for missed triggers. */
  readonly resyncMs?: number;
  readonly keys?: () => string[];
  /** Runs once after the informers synced, before any reconcile (rebuilding in-memory state). */
  readonly prepare?: () => void | Promise<void>;
}

export class Controller {
  readonly queue: WorkQueue;
  private resync: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    private readonly reconcile: Reconcile,
    private readonly log: Logger,
    private readonly options: ControllerOptions = {},
  ) {
    this.queue = new WorkQueue(options);
  }

  enqueue(key: string | undefined): void {
    if (key) this.queue.add(key);
  }

  /** Runs the workers until `stop()`; call after the informers have synced. */
  async run(): Promise<void> {
    const { resyncMs, keys, prepare } = this.options;
    await prepare?.();
    if (resyncMs && keys) {
      this.resync = setInterval(() => keys().forEach((k) => this.queue.add(k)), resyncMs);
    }
    const workers = Array.from({ length: this.options.workers ?? 2 }, () => this.work());
    await Promise.all(workers);
  }

  stop(): void {
    clearInterval(this.resync);
    this.queue.shutDown();
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const result = await this.reconcile(key);
        this.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        // Kubernetes' controllers drop this error too: the namespace controller is removing everything.
        if (isNamespaceTerminating(err)) {
          this.queue.forget(key);
          continue;
        }
        // Conflicts and AlreadyExists only mean our cache was behind: the retry sees the newer object.
        if (!(isConflict(err) || isAlreadyExists(err)) || this.queue.retries(key) > 3) {
          this.log(`${this.name}: ${key}: ${errorMessage(err)} (retry ${this.queue.retries(key) + 1})`);
        }
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }
}

/** Any add, update or delete of an object enqueues the key `keyFor` derives from it (its own by default). */
export function enqueueOnChange<T extends KubeObject>(
  informer: Informer<T>,
  controller: Controller,
  keyFor: (obj: T) => string | undefined = keyOf,
): void {
  informer.addHandlers({
    add: (obj) => controller.enqueue(keyFor(obj)),
    update: (_old, obj) => controller.enqueue(keyFor(obj)),
    delete: (obj) => controller.enqueue(keyFor(obj)),
  });
}
