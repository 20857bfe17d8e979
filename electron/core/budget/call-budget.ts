import { utcDay } from './call-log.ts';

// Keeps a source's polling under its account's daily call budget (WMSPanel: 15,000 per UTC day). When the
// day's projected use at the current rate would pass the budget, the poll interval stretches so that what
// is left lasts until 00:00 UTC; when the day turns, the configured interval comes back.

const DAY_MS = 86_400_000;

export interface BudgetInput {
  /** The configured interval. */
  baseIntervalMs: number;
  /** Calls allowed per UTC day. */
  limit: number;
  /** Calls already made today for the account, by every process. */
  usedToday: number;
  /** Calls one poll costs, on average today. */
  callsPerPoll: number;
  now: number;
}

export interface BudgetPlan {
  intervalMs: number;
  /** True when the interval is longer than configured to stay within the budget. */
  stretched: boolean;
}

export function msUntilUtcMidnight(now: number): number {
  return (utcDay(now) + 1) * DAY_MS - now;
}

export function planPollInterval(input: BudgetInput): BudgetPlan {
  const { baseIntervalMs, limit, usedToday, callsPerPoll, now } = input;
  const configured = { intervalMs: baseIntervalMs, stretched: false };
  if (callsPerPoll <= 0) return configured;
  const remainingMs = msUntilUtcMidnight(now);
  const projected = usedToday + (callsPerPoll * remainingMs) / baseIntervalMs;
  if (projected <= limit) return configured;
  const left = limit - usedToday;
  // Spent: the next poll waits for the new day (plus a second, so it lands past midnight).
  if (left <= callsPerPoll) return { intervalMs: remainingMs + 1000, stretched: true };
  const intervalMs = Math.ceil((callsPerPoll * remainingMs) / left / 1000) * 1000;
  return intervalMs > baseIntervalMs ? { intervalMs, stretched: true } : configured;
}

/** Calls per poll for one source today: the rate the projection assumes. */
export class PollCost {
  #day = -1;
  #polls = 0;
  #calls = 0;

  record(calls: number, at: number): void {
    const day = utcDay(at);
    if (day !== this.#day) {
      this.#day = day;
      this.#polls = 0;
      this.#calls = 0;
    }
    this.#polls += 1;
    this.#calls += calls;
  }

  perPoll(at: number): number {
    return utcDay(at) === this.#day && this.#polls > 0 ? this.#calls / this.#polls : 0;
  }
}
