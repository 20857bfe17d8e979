import type { CallBudget } from '../../../shared/bridge.ts';
import { DEFAULT_WMSPANEL_DAILY_BUDGET, type Config, type SourceConfig } from '../../../shared/config.ts';
import { planPollInterval, PollCost } from '../budget/call-budget.ts';
import type { CallCounter } from '../budget/call-counter.ts';
import type { Clock } from '../clock.ts';
import type { Poller, PollTarget } from '../poller/poller.ts';
import type { ProviderRegistry } from './provider-registry.ts';

// What the poller polls and how often: the configured interval, at least a minute for Qiniu (its figures
// refresh once a minute), stretched for a WMSPanel source whose account would otherwise pass its daily
// call budget (docs/configuration.md, "Provider budgets").

const QINIU_MIN_INTERVAL_MS = 60_000;

export function configuredIntervalOf(source: SourceConfig, config: Config): number {
  const ms = config.pollIntervalSeconds * 1000;
  return source.provider === 'qiniu' ? Math.max(ms, QINIU_MIN_INTERVAL_MS) : ms;
}

export function dailyBudgetOf(source: SourceConfig): number | null {
  return source.provider === 'wmspanel' ? (source.dailyCallBudget ?? DEFAULT_WMSPANEL_DAILY_BUDGET) : null;
}

export interface PollScheduleOptions {
  config: () => Config;
  poller: Poller;
  providers: ProviderRegistry;
  counter: CallCounter;
  clock: Clock;
}

export class PollSchedule {
  readonly #options: PollScheduleOptions;
  readonly #costs = new Map<string, PollCost>();
  /** The interval each source's target was last given, to re-plan only when it moves. */
  readonly #intervals = new Map<string, number>();

  constructor(options: PollScheduleOptions) {
    this.#options = options;
  }

  /** The interval in force for a source now. */
  intervalOf(source: SourceConfig): number {
    return this.#intervals.get(source.id) ?? this.#plan(source).intervalMs;
  }

  budgetOf(source: SourceConfig): CallBudget | null {
    const limit = dailyBudgetOf(source);
    if (limit === null) return null;
    const intervalMs = this.intervalOf(source);
    return {
      limit,
      intervalMs,
      stretched: intervalMs > configuredIntervalOf(source, this.#options.config()),
    };
  }

  /** Hands the poller every configured source; unchanged ones keep their schedule. */
  apply(): void {
    const { config, poller } = this.#options;
    poller.setSources(config().sources.map((source) => this.#target(source)));
  }

  /** Forgets what a removed or reconfigured source cost per poll. */
  forget(sourceId: string): void {
    this.#costs.delete(sourceId);
    this.#intervals.delete(sourceId);
  }

  /** After a poll of `source` that made `requests` calls: re-plans its interval if the budget asks. */
  polled(source: SourceConfig, requests: number): void {
    const now = this.#options.clock.now();
    let cost = this.#costs.get(source.id);
    if (!cost) this.#costs.set(source.id, (cost = new PollCost()));
    cost.record(requests, now);
    const before = this.#intervals.get(source.id);
    if (this.#plan(source).intervalMs !== before) this.apply();
  }

  #plan(source: SourceConfig): { intervalMs: number } {
    const { config, counter, clock } = this.#options;
    const baseIntervalMs = configuredIntervalOf(source, config());
    const limit = dailyBudgetOf(source);
    if (limit === null) return { intervalMs: baseIntervalMs };
    const now = clock.now();
    return planPollInterval({
      baseIntervalMs,
      limit,
      usedToday: counter.callsToday(source),
      callsPerPoll: this.#costs.get(source.id)?.perPoll(now) ?? 0,
      now,
    });
  }

  #target(source: SourceConfig): PollTarget {
    const { providers } = this.#options;
    const intervalMs = this.#plan(source).intervalMs;
    this.#intervals.set(source.id, intervalMs);
    return {
      id: source.id,
      intervalMs,
      fingerprint: providers.fingerprintOf(source),
      poll: (signal) => pollSource(this, providers, source, signal),
    };
  }
}

/** One poll, measuring the calls it made so the schedule learns what a poll costs. */
async function pollSource(
  schedule: PollSchedule,
  providers: ProviderRegistry,
  source: SourceConfig,
  signal: AbortSignal,
) {
  const before = providers.requestsMade(source.id);
  try {
    return await (await providers.providerFor(source)).poll({ signal });
  } finally {
    schedule.polled(source, providers.requestsMade(source.id) - before);
  }
}
