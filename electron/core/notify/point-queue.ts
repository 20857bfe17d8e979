import type { ContactPoint, ContactPointType } from '../../../shared/contact-points.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { ContactMessage } from './contact-message.ts';
import type { OutboxStore, QueuedMessage } from './outbox-store.ts';
import { GIVE_UP_AFTER_MS, nextAttemptAt } from './retry-policy.ts';
import type { DeliveryOutcome, SendResult } from './senders/sender.ts';

// One point's delivery loop: its messages go strictly one after another in commit order (a recovery never
// overtakes its outage), each retried until sent, refused or a day old. Each point has its own loop and
// nothing awaits it, so a slow or dead point delays no other point and never the caller.

export interface PointQueueOptions {
  pointId: string;
  store: OutboxStore;
  clock: Clock;
  random: () => number;
  /** The point as configured now; undefined once it was removed. */
  point(): ContactPoint | undefined;
  /** One attempt; resolves (never rejects) with what the service said. */
  attempt(point: ContactPoint, message: ContactMessage, signal: AbortSignal): Promise<SendResult>;
  onOutcome?: (outcome: { type: ContactPointType; outcome: DeliveryOutcome }) => void;
  log(message: string): void;
}

export interface PointQueue {
  /** Something may be due now (a new message, a config or secret change). */
  kick(): void;
  /** Waits up to `graceMs` for the attempt in flight, then aborts it; the message stays queued. */
  close(graceMs: number): Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createPointQueue(options: PointQueueOptions): PointQueue {
  const { store, clock, pointId } = options;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: TimerHandle | null = null;
  let closed = false;
  const abort = new AbortController();

  function kick(): void {
    if (closed) return;
    if (timer !== null) {
      clock.clearTimeout(timer);
      timer = null;
    }
    if (running) {
      // The loop reads the head again after its attempt; this makes it look once more before it rests.
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) =>
        options.log(`contact point "${pointId}": delivery stopped: ${describe(error)}`),
      )
      .finally(() => {
        running = null;
        if (again && !closed) {
          again = false;
          kick();
        }
      });
  }

  function wakeAt(at: number): void {
    if (closed) return;
    timer = clock.setTimeout(() => {
      timer = null;
      kick();
    }, at - clock.now());
  }

  async function drain(): Promise<void> {
    for (;;) {
      again = false;
      if (closed) return;
      const point = options.point();
      if (!point) return;
      let head: QueuedMessage | undefined;
      try {
        head = store.head(pointId);
      } catch (error) {
        // The disk may come back; look again in a minute rather than never.
        options.log(`contact point "${pointId}": cannot read the outbox: ${describe(error)}`);
        wakeAt(clock.now() + 60_000);
        return;
      }
      if (!head) return;
      const due = head.view.nextAttemptAt ?? clock.now();
      if (due > clock.now()) {
        wakeAt(due);
        return;
      }
      const result = await options.attempt(point, head.message, abort.signal);
      // Cut short by close(): not an attempt; it is sent again after the restart.
      if (closed && abort.signal.aborted) return;
      record(point, head, result);
    }
  }

  function record(point: ContactPoint, head: QueuedMessage, result: SendResult): void {
    const now = clock.now();
    const attempts = head.view.attempts + 1;
    let outcome = result.outcome;
    let next: number | null = null;
    let error = result.error;
    if (outcome === 'retry') {
      next = nextAttemptAt({
        createdAt: head.view.createdAt,
        now,
        attempts,
        retryAfterMs: result.retryAfterMs,
        random: options.random,
      });
      if (next === null) {
        outcome = 'failed';
        error = `gave up after ${GIVE_UP_AFTER_MS / 3_600_000} h of retries; last: ${result.error ?? 'no answer'}`;
      }
    }
    try {
      store.record({
        id: head.message.id,
        state: outcome === 'retry' ? 'retrying' : outcome,
        attempts,
        at: now,
        nextAttemptAt: next,
        status: result.status,
        error,
      });
    } catch (failure) {
      options.log(`contact point "${pointId}": cannot record a delivery: ${describe(failure)}`);
      // Without a record the same message would go out in a tight loop; wait before trying the disk again.
      wakeAt(now + 60_000);
      throw failure;
    }
    options.onOutcome?.({ type: point.type, outcome });
    if (outcome === 'failed')
      options.log(
        `contact point "${pointId}": ${head.message.type} ${head.message.id} failed: ${error ?? ''}`,
      );
  }

  return {
    kick,
    async close(graceMs) {
      closed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      const inFlight = running;
      if (!inFlight) return;
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        inFlight,
        new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(graceTimer);
      abort.abort();
      await inFlight;
    },
  };
}
