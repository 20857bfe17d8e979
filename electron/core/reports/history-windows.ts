import { addDays, DAY_MS, dayStartMs, utcDateOf } from '../../../shared/calendar-date.ts';

// Which history calls cover a report range. Providers answer fixed spans, so a long range takes
// several calls; days after today are never asked for (they have no data yet).

/** Pili's `history` takes Unix seconds, both ends included: 00:00:00 of `from` to 23:59:59 of `to`. */
export function qiniuHistorySpan(from: string, to: string): { start: number; end: number } {
  return { start: dayStartMs(from) / 1000, end: (dayStartMs(to) + DAY_MS) / 1000 - 1 };
}

export interface ViewerLogWindow {
  /** 3 = 7 days by hour, 4 = 30 days by day. */
  graph: 3 | 4;
  /** `YYYY-MM-DD HH:MM:SS`, UTC: 00:00:00 of the window's first day. */
  starttime: string;
}

/** ScaleEngine keeps hourly rows 45 days, daily rows beyond (scaleengine-viewer-log-api.txt). */
export const SCALEENGINE_HOURLY_DAYS = 45;
const WINDOW_DAYS = { 3: 7, 4: 30 } as const;

function windows(graph: 3 | 4, from: string, to: string): ViewerLogWindow[] {
  const out: ViewerLogWindow[] = [];
  for (let day = from; day <= to; day = addDays(day, WINDOW_DAYS[graph])) {
    out.push({ graph, starttime: `${day} 00:00:00` });
  }
  return out;
}

/**
 * The viewer.log calls for [from, to] at `nowMs`: hourly (graph 3, a week a call) for days whose
 * hourly rows are still kept, daily (graph 4, 30 days a call) for older days.
 */
export function scaleEngineWindows(from: string, to: string, nowMs: number): ViewerLogWindow[] {
  const today = utcDateOf(nowMs);
  const last = to < today ? to : today;
  if (from > last) return [];
  const oldest = nowMs - SCALEENGINE_HOURLY_DAYS * DAY_MS;
  // The first day whose every hour is still kept by the hour.
  const hourlyFrom =
    dayStartMs(utcDateOf(oldest)) < oldest ? addDays(utcDateOf(oldest), 1) : utcDateOf(oldest);
  const dailyTo = addDays(hourlyFrom, -1);
  return [
    ...(from <= dailyTo ? windows(4, from, last < dailyTo ? last : dailyTo) : []),
    ...(last >= hourlyFrom ? windows(3, from > hourlyFrom ? from : hourlyFrom, last) : []),
  ];
}
