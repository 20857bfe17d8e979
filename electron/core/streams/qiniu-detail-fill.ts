import type { Series } from '../../../shared/bridge.ts';
import type { ProviderFill } from '../../../shared/stream-catalog.ts';
import type { QiniuDetailPoint } from '../providers/qiniu/qiniu-client.ts';
import type { HistoryPoint } from '../store/history/history-store.ts';

// Qiniu keeps every stream's figures per 5-minute period (`stat/play/history/detail`, one call per
// period, all streams at once). Where polling did not run (app closed, laptop asleep, first start), those
// periods fill a stream's chart; each answer is stored for every stream in it, so one call serves them all.

export const QINIU_PERIOD_MS = 5 * 60_000;
/** Calls one opening of a stream may make (six hours of periods): seconds at worst; the next opening continues. */
export const MAX_DETAIL_CALLS = 72;
/** How far back a stream's opening looks for unpolled periods. */
export const DETAIL_LOOKBACK_MS = 24 * 3_600_000;
/** Polls in a period that prove polling saw it (Pili refreshes once a minute, so five at most). */
const POLLS_THAT_COUNT = 2;
const PARALLEL_CALLS = 6;

/**
 * Periods in [fromMs, toMs) that are over by `nowMs`, in which the stream has no point and polling took
 * fewer than two readings of the source (a backfilled hub total is one point): newest first.
 */
export function unpolledPeriods(
  stream: Pick<Series, 't'>,
  total: Pick<Series, 't'>,
  window: { fromMs: number; toMs: number; nowMs: number },
): number[] {
  const first = Math.ceil(window.fromMs / QINIU_PERIOD_MS) * QINIU_PERIOD_MS;
  const end = Math.min(window.toMs, window.nowMs - QINIU_PERIOD_MS);
  const streamPeriods = new Set(stream.t.map((t) => Math.floor(t / QINIU_PERIOD_MS)));
  const polls = new Map<number, number>();
  for (const t of total.t) {
    const period = Math.floor(t / QINIU_PERIOD_MS);
    polls.set(period, (polls.get(period) ?? 0) + 1);
  }
  const periods: number[] = [];
  for (let start = first; start <= end; start += QINIU_PERIOD_MS) {
    const period = start / QINIU_PERIOD_MS;
    if (streamPeriods.has(period)) continue;
    if ((polls.get(period) ?? 0) >= POLLS_THAT_COUNT) continue;
    periods.push(start);
  }
  return periods.reverse();
}

export interface DetailFillInput {
  sourceId: string;
  periods: readonly number[];
  /** Periods already asked for this source (kept by the caller across openings). */
  asked: Set<number>;
  detail: (unixSeconds: number) => Promise<QiniuDetailPoint[]>;
  store: (sourceId: string, resolutionMs: number, points: readonly HistoryPoint[]) => Promise<void>;
  maxCalls?: number;
}

function pointsOf(items: readonly QiniuDetailPoint[]): HistoryPoint[] {
  return items.map((item) => ({ t: item.time * 1000, stream: item.key, viewers: item.count, bandwidthBps: item.bandwidth }));
}

async function fillOne(input: DetailFillInput, period: number): Promise<void> {
  const items = await input.detail(Math.floor(period / 1000));
  if (items.length > 0) await input.store(input.sourceId, QINIU_PERIOD_MS, pointsOf(items));
  input.asked.add(period);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Asks Qiniu for the periods not asked yet, a few at a time, and stores what comes back. */
export async function fillFromQiniuDetail(input: DetailFillInput): Promise<ProviderFill> {
  const todo = input.periods.filter((period) => !input.asked.has(period));
  const batch = todo.slice(0, input.maxCalls ?? MAX_DETAIL_CALLS);
  let filled = 0;
  for (let start = 0; start < batch.length; start += PARALLEL_CALLS) {
    const group = batch.slice(start, start + PARALLEL_CALLS);
    const results = await Promise.allSettled(group.map((period) => fillOne(input, period)));
    filled += results.filter((result) => result.status === 'fulfilled').length;
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) {
      return { filled, remaining: todo.length - filled, error: describe(failure.reason) };
    }
  }
  return { filled, remaining: todo.length - filled, error: null };
}
