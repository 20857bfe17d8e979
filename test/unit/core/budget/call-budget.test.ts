import { describe, expect, it } from 'vitest';
import {
  msUntilUtcMidnight,
  planPollInterval,
  PollCost,
} from '../../../../electron/core/budget/call-budget.ts';

const noon = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('daily call budget', () => {
  it('keeps the configured interval while the day ends under the budget', () => {
    // 12 h left at 30 s = 1,440 polls of one call: 10,000 + 1,440 ≤ 15,000.
    expect(
      planPollInterval({
        baseIntervalMs: 30_000,
        limit: 15_000,
        usedToday: 10_000,
        callsPerPoll: 1,
        now: noon,
      }),
    ).toEqual({
      intervalMs: 30_000,
      stretched: false,
    });
  });

  it('stretches the interval so that what is left lasts until 00:00 UTC', () => {
    const plan = planPollInterval({
      baseIntervalMs: 30_000,
      limit: 15_000,
      usedToday: 14_000,
      callsPerPoll: 1,
      now: noon,
    });
    expect(plan.stretched).toBe(true);
    // 1,000 calls over 12 h: one every 43.2 s, rounded up to whole seconds.
    expect(plan.intervalMs).toBe(44_000);
    const polls = msUntilUtcMidnight(noon) / plan.intervalMs;
    expect(14_000 + polls).toBeLessThanOrEqual(15_000);
  });

  it('waits for the new UTC day once the budget is spent', () => {
    const plan = planPollInterval({
      baseIntervalMs: 30_000,
      limit: 15_000,
      usedToday: 15_000,
      callsPerPoll: 1,
      now: noon,
    });
    expect(plan).toEqual({ intervalMs: 12 * 3_600_000 + 1000, stretched: true });
  });

  it('never stretches for polls that make no call', () => {
    expect(
      planPollInterval({ baseIntervalMs: 30_000, limit: 100, usedToday: 100, callsPerPoll: 0, now: noon })
        .stretched,
    ).toBe(false);
  });

  it('learns the calls per poll of the current UTC day', () => {
    const cost = new PollCost();
    cost.record(1, noon);
    cost.record(0, noon + 1000);
    cost.record(0, noon + 2000);
    cost.record(1, noon + 3000);
    expect(cost.perPoll(noon + 4000)).toBe(0.5);
    expect(cost.perPoll(noon + 86_400_000)).toBe(0);
  });
});
