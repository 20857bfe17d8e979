import type { BridgeEventListener, Snapshot } from '../../../shared/bridge.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import { describeError } from './pending-writes.ts';

// Bridge events to every subscriber (IPC, SSE, the tray), and the throttled `snapshot` event: many changes
// within a second become one snapshot, so a storm never floods the dashboard.

export interface SnapshotPublisherOptions {
  clock: Clock;
  /** Snapshot events at most this often. */
  everyMs: number;
  build: () => Snapshot;
  log: (message: string) => void;
}

export class SnapshotPublisher {
  readonly #options: SnapshotPublisherOptions;
  readonly #listeners = new Set<BridgeEventListener>();
  #timer: TimerHandle | null = null;
  #lastAt = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(options: SnapshotPublisherOptions) {
    this.#options = options;
  }

  subscribe(listener: BridgeEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  readonly emit: BridgeEventListener = (name, payload) => {
    for (const listener of this.#listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        this.#options.log(`a Bridge event listener failed on "${name}": ${describeError(error)}`);
      }
    }
  };

  /** Something shown changed: a snapshot event follows, at most once per `everyMs`. */
  changed(): void {
    if (this.#stopped || this.#timer !== null) return;
    const { clock, everyMs } = this.#options;
    const wait = Math.max(0, this.#lastAt + everyMs - clock.now());
    this.#timer = clock.setTimeout(() => this.#send(), wait);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
  }

  #send(): void {
    this.#timer = null;
    if (this.#stopped) return;
    this.#lastAt = this.#options.clock.now();
    if (this.#listeners.size > 0) this.emit('snapshot', this.#options.build());
  }
}
