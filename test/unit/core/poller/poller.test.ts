import { describe, expect, it } from 'vitest';
import type { LiveReading } from '../../../../shared/domain.ts';
import { createManualClock, type ManualClock } from '../../../../electron/core/clock.ts';
import { ProviderError } from '../../../../electron/core/errors.ts';
import { backoffDelay } from '../../../../electron/core/poller/backoff.ts';
import { Poller, type PollOutcome, type PollTarget } from '../../../../electron/core/poller/poller.ts';

const reading = (at: number): LiveReading => ({ at, viewers: 5, bandwidthBps: 1000, streams: [] });

/** A source whose polls the test resolves or rejects by hand, counting how many were started. */
function controllableTarget(id: string, intervalMs = 30_000) {
  const pending: { resolve: (r: LiveReading) => void; reject: (e: unknown) => void; signal: AbortSignal }[] =
    [];
  const target: PollTarget = {
    id,
    intervalMs,
    fingerprint: 'v1',
    poll: (signal) =>
      new Promise<LiveReading>((resolve, reject) => {
        pending.push({ resolve, reject, signal });
      }),
  };
  return { target, pending };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

function setup(options: { concurrency?: number } = {}) {
  const clock: ManualClock = createManualClock(Date.UTC(2026, 10, 23, 12));
  const outcomes: PollOutcome[] = [];
  const poller = new Poller({
    clock,
    concurrency: options.concurrency,
    jitterRatio: 0,
    random: () => 0.5,
    onOutcome: (o) => outcomes.push(o),
  });
  return { clock, outcomes, poller };
}

describe('Poller', () => {
  it('polls at once on start, then on the interval', async () => {
    const { clock, poller, outcomes } = setup();
    const src = controllableTarget('pili', 30_000);
    poller.setSources([src.target]);
    poller.start();
    clock.advance(0);
    expect(src.pending).toHaveLength(1);
    src.pending[0]?.resolve(reading(clock.now()));
    await settle();
    expect(outcomes).toMatchObject([{ sourceId: 'pili', ok: true }]);
    clock.advance(29_999);
    expect(src.pending).toHaveLength(1);
    clock.advance(1);
    expect(src.pending).toHaveLength(2);
  });

  it('never runs two polls of one source at once, even when a poll outlasts the interval', async () => {
    const { clock, poller } = setup();
    const src = controllableTarget('slow', 1_000);
    poller.setSources([src.target]);
    poller.start();
    clock.advance(0);
    clock.advance(10_000);
    poller.refresh('slow');
    clock.advance(0);
    expect(src.pending).toHaveLength(1);
    src.pending[0]?.resolve(reading(clock.now()));
    await settle();
    clock.advance(1_000);
    expect(src.pending).toHaveLength(2);
  });

  it('caps polls in flight across sources', async () => {
    const { clock, poller } = setup({ concurrency: 2 });
    const sources = ['a', 'b', 'c'].map((id) => controllableTarget(id));
    poller.setSources(sources.map((s) => s.target));
    poller.start();
    clock.advance(0);
    expect(sources.map((s) => s.pending.length)).toEqual([1, 1, 0]);
    sources[0]?.pending[0]?.resolve(reading(clock.now()));
    await settle();
    expect(sources[2]?.pending).toHaveLength(1);
  });

  it('backs off exponentially after failures and reports the source stale with its error', async () => {
    const { clock, poller, outcomes } = setup();
    const src = controllableTarget('se', 30_000);
    poller.setSources([src.target]);
    poller.start();
    clock.advance(0);
    src.pending[0]?.resolve(reading(clock.now()));
    await settle();

    const delays: number[] = [];
    for (let failure = 1; failure <= 4; failure += 1) {
      const before = src.pending.length;
      clock.advance(failure === 1 ? 30_000 : (delays[delays.length - 1] ?? 0));
      expect(src.pending.length).toBe(before + 1);
      src.pending[before]?.reject(new ProviderError('upstream', 'HTTP 503'));
      await settle();
      const status = poller.status('se');
      expect(status?.state).toBe('backoff');
      expect(status?.consecutiveFailures).toBe(failure);
      delays.push((status?.nextPollAt ?? 0) - clock.now());
    }
    expect(delays).toEqual(
      [1, 2, 3, 4].map((n) => backoffDelay(n, { baseMs: 5_000, maxMs: 300_000 }, () => 0.5)),
    );
    expect(delays[3]).toBeGreaterThan(delays[0] ?? Infinity);
    const status = poller.status('se');
    expect(status?.lastError).toEqual({ kind: 'upstream', message: 'HTTP 503' });
    expect(status?.staleMs).toBeGreaterThan(30_000);
    expect(outcomes.filter((o) => !o.ok)).toHaveLength(4);
  });

  it('holds a source whose credentials were rejected until its config changes, reporting it once', async () => {
    const { clock, poller, outcomes } = setup();
    const src = controllableTarget('wms');
    poller.setSources([src.target]);
    poller.start();
    clock.advance(0);
    src.pending[0]?.reject(new ProviderError('auth', 'credentials rejected (HTTP 403)'));
    await settle();
    clock.advance(24 * 3600_000);
    expect(src.pending).toHaveLength(1);
    expect(poller.status('wms')?.state).toBe('held');
    expect(outcomes.filter((o) => !o.ok)).toHaveLength(1);

    poller.setSources([{ ...src.target, fingerprint: 'v2' }]);
    clock.advance(0);
    expect(src.pending).toHaveLength(2);
  });

  it('pauses for suspend, cancelling polls in flight, and refreshes everything at once on resume', async () => {
    const { clock, poller, outcomes } = setup();
    const src = controllableTarget('pili');
    poller.setSources([src.target]);
    poller.start();
    clock.advance(0);
    poller.pause();
    expect(src.pending[0]?.signal.aborted).toBe(true);
    src.pending[0]?.reject(new Error('aborted'));
    await settle();
    expect(outcomes).toHaveLength(0);
    clock.advance(3600_000);
    expect(src.pending).toHaveLength(1);
    expect(poller.status('pili')?.state).toBe('paused');
    poller.resume();
    clock.advance(0);
    expect(src.pending).toHaveLength(2);
  });

  it('forgets a removed source', () => {
    const { clock, poller } = setup();
    const src = controllableTarget('gone');
    poller.setSources([src.target]);
    poller.start();
    clock.advance(0);
    poller.setSources([]);
    expect(src.pending[0]?.signal.aborted).toBe(true);
    expect(poller.status('gone')).toBeUndefined();
    clock.advance(3600_000);
    expect(src.pending).toHaveLength(1);
  });
});
