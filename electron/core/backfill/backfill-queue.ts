import type { SourceConfig } from '../../../shared/config.ts';
import type { Provider } from '../providers/provider.ts';
import type { HistoryStore } from '../store/history/history-store.ts';
import { backfillProvider } from './backfill.ts';

/** How far back the charts are filled from a provider's own history after a start or a gap. */
export const BACKFILL_WINDOW_MS = 6 * 3_600_000;

export interface BackfillRequest {
  source: SourceConfig;
  provider: Provider;
  history: HistoryStore;
  now: number;
  /** The newest stored time before the poll that found the gap. */
  previousAt: number | null;
  /** Streams in that poll, to size the request. */
  streams: number;
  pollIntervalMs: number;
}

export type Backfill = (request: BackfillRequest) => Promise<void>;

/**
 * Backfills one at a time: each parses a provider's history at once, and several together would push
 * the heap (which V8 keeps once grown) far past what the steady state needs.
 */
export function createBackfillQueue(windowMs = BACKFILL_WINDOW_MS): Backfill {
  let queue: Promise<unknown> = Promise.resolve();
  return async (request) => {
    const next = queue.then(() =>
      backfillProvider(request.provider, {
        history: request.history,
        now: request.now,
        latestAt: request.previousAt,
        streams: request.streams,
        windowMs,
        pollIntervalMs: request.pollIntervalMs,
      }),
    );
    // A failed backfill is reported by its caller; the next one still runs.
    queue = next.catch(() => undefined);
    await next;
  };
}
