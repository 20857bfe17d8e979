import type { LiveReading, SourceError } from '../../../shared/domain.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import { toSourceError } from '../errors.ts';
import { backoffDelay, DEFAULT_BACKOFF, jittered, type BackoffPolicy } from './backoff.ts';

export interface PollTarget {
  id: string;
  intervalMs: number;
  /** Changes whenever the source's config or credentials change: an auth pause lifts on a new value. */
  fingerprint: string;
  poll(signal: AbortSignal): Promise<LiveReading>;
}

export type PollOutcome =
  | { sourceId: string; at: number; ok: true; reading: LiveReading }
  | { sourceId: string; at: number; ok: false; error: SourceError; failures: number };

export type SourceState = 'scheduled' | 'polling' | 'backoff' | 'held' | 'paused' | 'stopped';

export interface SourceStatus {
  id: string;
  state: SourceState;
  lastSuccessAt: number | null;
  lastError: SourceError | null;
  lastErrorAt: number | null;
  consecutiveFailures: number;
  nextPollAt: number | null;
  /** How old the newest good data is, or null when there never was any. */
  staleMs: number | null;
}

export interface PollerOptions {
  clock: Clock;
  /** Polls in flight at once across all sources. */
  concurrency?: number;
  /** Spread of each interval, ±ratio. */
  jitterRatio?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  onOutcome?: (outcome: PollOutcome) => void;
}

interface Entry {
  target: PollTarget;
  timer: TimerHandle | null;
  dueAt: number | null;
  running: AbortController | null;
  queued: boolean;
  failures: number;
  authPaused: boolean;
  lastSuccessAt: number | null;
  lastError: SourceError | null;
  lastErrorAt: number | null;
}

/**
 * Polls each source on its own interval: never two polls of one source at once, at most `concurrency`
 * in flight overall, exponential backoff after failures, and a source whose credentials were rejected
 * (or whose config is wrong) is held until its config or credentials change instead of hammering the
 * provider.
 */
export class Poller {
  readonly #clock: Clock;
  readonly #concurrency: number;
  readonly #jitterRatio: number;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;
  readonly #onOutcome: (outcome: PollOutcome) => void;
  readonly #entries = new Map<string, Entry>();
  readonly #queue: string[] = [];
  #active = 0;
  #paused = false;
  #started = false;

  constructor(options: PollerOptions) {
    this.#clock = options.clock;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#jitterRatio = options.jitterRatio ?? 0.1;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#onOutcome = options.onOutcome ?? (() => undefined);
  }

  /** Replaces the set of sources. Unchanged ones keep their schedule; new or changed ones poll at once. */
  setSources(targets: readonly PollTarget[]): void {
    const next = new Map(targets.map((target) => [target.id, target]));
    for (const [id, entry] of this.#entries) {
      if (!next.has(id)) {
        this.#cancel(entry);
        this.#entries.delete(id);
      }
    }
    for (const target of targets) {
      const entry = this.#entries.get(target.id);
      if (!entry) {
        this.#entries.set(target.id, {
          target,
          timer: null,
          dueAt: null,
          running: null,
          queued: false,
          failures: 0,
          authPaused: false,
          lastSuccessAt: null,
          lastError: null,
          lastErrorAt: null,
        });
        if (this.#started) this.#schedule(target.id, 0);
        continue;
      }
      const changed = entry.target.fingerprint !== target.fingerprint;
      entry.target = target;
      if (changed) {
        entry.authPaused = false;
        entry.failures = 0;
        if (this.#started) this.#schedule(target.id, 0);
      }
    }
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const id of this.#entries.keys()) this.#schedule(id, 0);
  }

  stop(): void {
    this.#started = false;
    for (const entry of this.#entries.values()) this.#cancel(entry);
    this.#queue.length = 0;
  }

  /** Everything waits (system suspend, or the operator's global pause); polls in flight are cancelled. */
  pause(): void {
    this.#paused = true;
    for (const entry of this.#entries.values()) this.#cancel(entry);
    this.#queue.length = 0;
  }

  /** Back from a pause: data is stale by now, so every source polls at once. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#started) for (const id of this.#entries.keys()) this.#schedule(id, 0);
  }

  /** Polls now: one source (also lifting its auth pause: the operator asked) or all of them. */
  refresh(sourceId?: string): void {
    const ids = sourceId === undefined ? [...this.#entries.keys()] : [sourceId];
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (!entry) continue;
      if (sourceId !== undefined) entry.authPaused = false;
      if (this.#started) this.#schedule(id, 0);
    }
  }

  get paused(): boolean {
    return this.#paused;
  }

  status(sourceId: string): SourceStatus | undefined {
    const entry = this.#entries.get(sourceId);
    if (!entry) return undefined;
    const now = this.#clock.now();
    let state: SourceState;
    if (entry.running) state = 'polling';
    else if (!this.#started) state = 'stopped';
    else if (entry.authPaused) state = 'held';
    else if (this.#paused) state = 'paused';
    else if (entry.failures > 0) state = 'backoff';
    else state = 'scheduled';
    return {
      id: sourceId,
      state,
      lastSuccessAt: entry.lastSuccessAt,
      lastError: entry.lastError,
      lastErrorAt: entry.lastErrorAt,
      consecutiveFailures: entry.failures,
      nextPollAt: entry.dueAt,
      staleMs: entry.lastSuccessAt === null ? null : now - entry.lastSuccessAt,
    };
  }

  statuses(): SourceStatus[] {
    return [...this.#entries.keys()].flatMap((id) => this.status(id) ?? []);
  }

  #cancel(entry: Entry): void {
    if (entry.timer !== null) this.#clock.clearTimeout(entry.timer);
    entry.timer = null;
    entry.dueAt = null;
    entry.queued = false;
    entry.running?.abort(new Error('poll cancelled'));
  }

  #schedule(id: string, delayMs: number): void {
    const entry = this.#entries.get(id);
    if (!entry || !this.#started || this.#paused || entry.authPaused) return;
    if (entry.timer !== null) this.#clock.clearTimeout(entry.timer);
    entry.dueAt = this.#clock.now() + delayMs;
    entry.timer = this.#clock.setTimeout(() => {
      entry.timer = null;
      this.#enqueue(id);
    }, delayMs);
  }

  #enqueue(id: string): void {
    const entry = this.#entries.get(id);
    // A source still polling is not queued again: its completion schedules the next poll.
    if (!entry || entry.running || entry.queued) return;
    entry.queued = true;
    this.#queue.push(id);
    this.#drain();
  }

  #drain(): void {
    while (this.#active < this.#concurrency && this.#queue.length > 0 && !this.#paused) {
      const id = this.#queue.shift() as string;
      const entry = this.#entries.get(id);
      if (!entry || !entry.queued) continue;
      entry.queued = false;
      void this.#run(id, entry);
    }
  }

  async #run(id: string, entry: Entry): Promise<void> {
    const controller = new AbortController();
    entry.running = controller;
    entry.dueAt = null;
    this.#active += 1;
    try {
      const reading = await entry.target.poll(controller.signal);
      if (controller.signal.aborted || this.#entries.get(id) !== entry) return;
      entry.failures = 0;
      entry.lastSuccessAt = this.#clock.now();
      entry.lastError = null;
      this.#onOutcome({ sourceId: id, at: entry.lastSuccessAt, ok: true, reading });
      entry.running = null;
      this.#schedule(id, jittered(entry.target.intervalMs, this.#jitterRatio, this.#random));
    } catch (error) {
      if (controller.signal.aborted || this.#entries.get(id) !== entry) return;
      const sourceError = toSourceError(error);
      entry.failures += 1;
      entry.lastError = sourceError;
      entry.lastErrorAt = this.#clock.now();
      // Retrying cannot fix rejected credentials or a wrong config, and hammering a provider with bad
      // credentials can get the account locked: hold the source until its config or credentials change.
      entry.authPaused = sourceError.kind === 'auth' || sourceError.kind === 'config';
      this.#onOutcome({
        sourceId: id,
        at: entry.lastErrorAt,
        ok: false,
        error: sourceError,
        failures: entry.failures,
      });
      entry.running = null;
      this.#schedule(id, backoffDelay(entry.failures, this.#backoff, this.#random));
    } finally {
      if (entry.running === controller) entry.running = null;
      this.#active -= 1;
      this.#drain();
    }
  }
}
