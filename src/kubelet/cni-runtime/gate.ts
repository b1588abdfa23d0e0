/**
 * The spec's ordering rules (section 3, "Lifecycle & Ordering"): no parallel operations for one
 * container, and GC runs alone: it waits for ADD/DEL/CHECK in flight, and new ones wait for it.
 */
export class OperationGate {
  private writer: Promise<void> = Promise.resolve();
  private writers = 0;
  private readonly readers = new Set<Promise<void>>();
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `fn` for one container: after that container's earlier operations and outside any GC.
   * It joins the shared side at once (synchronously), so a GC called later waits for it.
   */
  attachment<T>(containerId: string, fn: () => Promise<T>): Promise<T> {
    return this.shared(() => this.serial(containerId, fn));
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.writers++;
    const previous = this.writer;
    let release!: () => void;
    this.writer = new Promise((resolve) => (release = resolve));
    try {
      await previous;
      while (this.readers.size > 0) await Promise.all(this.readers);
      return await fn();
    } finally {
      this.writers--;
      release();
    }
  }

  private async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.writers > 0) await this.writer;
    const running = fn();
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.readers.add(settled);
    try {
      return await running;
    } finally {
      this.readers.delete(settled);
    }
  }

  private async serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await previous;
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
