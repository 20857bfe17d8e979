import type { Config, SourceConfig } from '../../../shared/config.ts';
import type { ErrorKind } from '../../../shared/domain.ts';
import type { Backfill } from '../backfill/backfill-queue.ts';
import type { PollOutcome } from '../poller/poller.ts';
import type { HistoryStore } from '../store/history/history-store.ts';
import type { Aggregator } from './aggregator.ts';
import type { AlertPipeline } from './alert-pipeline.ts';
import type { Detectors } from './detectors/detectors.ts';
import { describeError, type PendingWrites } from './pending-writes.ts';
import type { PollSchedule } from './poll-schedule.ts';
import type { ProviderRegistry } from './provider-registry.ts';

// What one poll's outcome does: the live figures, the history (and a backfill after a gap), the derived
// alerts, the error counts.

/** A gap longer than this many poll intervals is filled from the provider's own history. */
const GAP_POLLS = 3;

export interface PollRecorderOptions {
  config: () => Config;
  aggregator: Aggregator;
  history: HistoryStore;
  backfill: Backfill | null;
  providers: ProviderRegistry;
  schedule: PollSchedule;
  detectors: () => Detectors;
  pipeline: AlertPipeline;
  writes: PendingWrites;
  /** A failed poll, by kind of failure (the metrics' counter). */
  pollFailed: (source: SourceConfig, kind: ErrorKind) => void;
  onChange: () => void;
  log: (message: string) => void;
}

export class PollRecorder {
  readonly #options: PollRecorderOptions;

  constructor(options: PollRecorderOptions) {
    this.#options = options;
  }

  record(outcome: PollOutcome): void {
    const { config, pipeline, detectors, onChange } = this.#options;
    const source = config().sources.find((s) => s.id === outcome.sourceId);
    if (!source) return;
    if (outcome.ok) this.#recordReading(outcome);
    else this.#options.pollFailed(source, outcome.error.kind);
    pipeline.appendDerived(detectors().onPoll(source.provider, outcome));
    onChange();
  }

  #recordReading(outcome: Extract<PollOutcome, { ok: true }>): void {
    const { aggregator, history, writes, log } = this.#options;
    aggregator.record(outcome.sourceId, outcome.reading);
    const previousAt = history.latestAt(outcome.sourceId);
    void writes.track(
      history
        .record(outcome.sourceId, outcome.reading)
        .catch((error: unknown) =>
          log(`cannot store the reading of source "${outcome.sourceId}": ${describeError(error)}`),
        ),
    );
    this.#backfillAfterGap(outcome, previousAt);
  }

  /** First success since start, or after a gap: fill the chart from the provider's own history. */
  #backfillAfterGap(outcome: Extract<PollOutcome, { ok: true }>, previousAt: number | null): void {
    const { backfill, config, history, providers, schedule, writes, log } = this.#options;
    const source = config().sources.find((s) => s.id === outcome.sourceId);
    if (!backfill || !source) return;
    const pollIntervalMs = schedule.intervalOf(source);
    if (previousAt !== null && outcome.at - previousAt <= GAP_POLLS * pollIntervalMs) return;
    void writes.track(
      providers
        .providerFor(source)
        .then((provider) =>
          backfill({
            source,
            provider,
            history,
            now: outcome.at,
            previousAt,
            streams: outcome.reading.streams.length,
            pollIntervalMs,
          }),
        )
        .catch((error: unknown) => log(`backfill of source "${source.id}" failed: ${describeError(error)}`)),
    );
  }
}
