// Writes started but not yet committed (history, alert log, backfills): `stop()` and `idle()` wait for
// them, so a clean shutdown never loses a reading or an accepted event.

export class PendingWrites {
  readonly #pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.#pending.size;
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    const done = () => this.#pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  /**
   * Settles once every write started so far is done and `drain()` (which may start more: stored events
   * derive further events) leaves nothing pending.
   */
  async settle(drain: () => void): Promise<void> {
    for (;;) {
      while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
      drain();
      if (this.#pending.size === 0) return;
    }
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
