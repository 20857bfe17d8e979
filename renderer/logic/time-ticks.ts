// Chart time axes on round times in the operator's time zone: every 15 min, 1 h, 6 h, 1 d… chosen so a
// range gets a handful of ticks, each on a wall-clock boundary of that zone (not the browser's).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tick steps, finest first; each divides the next wall-clock unit evenly. */
export const TICK_STEPS_MS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
] as const;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** How far the zone's wall clock is ahead of UTC at `ms` (daylight saving included), in ms. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return wall - (ms - (ms % 1000));
}

/** The UTC instant whose wall-clock time in the zone is `wallMs` (wall time written as if it were UTC). */
export function fromWallTime(wallMs: number, timeZone: string): number {
  // Two passes settle the offset across a daylight-saving change.
  let guess = wallMs - zoneOffsetMs(wallMs, timeZone);
  guess = wallMs - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** The finest step that gives at most `maxTicks` ticks over the range. */
export function tickStep(rangeMs: number, maxTicks: number): number {
  const step = TICK_STEPS_MS.find((candidate) => rangeMs / candidate <= maxTicks);
  return step ?? 30 * DAY;
}

/**
 * Tick times in [fromMs, toMs] on round wall-clock times of the zone: multiples of the step from local
 * midnight for steps up to a day, and local midnights a whole number of days apart beyond that.
 */
export function timeTicks(fromMs: number, toMs: number, timeZone: string, maxTicks = 8): { step: number; ticks: number[] } {
  if (!(toMs > fromMs)) return { step: MINUTE, ticks: [] };
  const step = tickStep(toMs - fromMs, maxTicks);
  const ticks: number[] = [];
  const wallFrom = fromMs + zoneOffsetMs(fromMs, timeZone);
  const wallTo = toMs + zoneOffsetMs(toMs, timeZone);
  // Wall time written as UTC: day steps count whole days since the epoch, so weekly ticks stay put.
  for (let wall = Math.ceil(wallFrom / step) * step; wall <= wallTo; wall += step) {
    const at = fromWallTime(wall, timeZone);
    if (at >= fromMs && at <= toMs && ticks[ticks.length - 1] !== at) ticks.push(at);
  }
  return { step, ticks };
}

const labelFormatters = new Map<string, Intl.DateTimeFormat>();

function labelFormatter(locale: string, timeZone: string, withDate: boolean, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}\u0000${withDate}\u0000${withTime}`;
  let formatter = labelFormatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      ...(withDate ? { month: '2-digit', day: '2-digit' } : {}),
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    labelFormatters.set(key, formatter);
  }
  return formatter;
}

/** A tick's label: the time for steps under a day (with the date at midnight), the date beyond. */
export function tickLabel(ms: number, step: number, timeZone: string, locale: string): string {
  if (step >= DAY) return labelFormatter(locale, timeZone, true, false).format(ms);
  const wall = ms + zoneOffsetMs(ms, timeZone);
  const midnight = wall % DAY === 0;
  return labelFormatter(locale, timeZone, midnight, true).format(ms);
}

/** A full moment for tooltips: date and time in the zone. */
export function momentLabel(ms: number, timeZone: string, locale: string): string {
  return labelFormatter(locale, timeZone, true, true).format(ms);
}

/** "UTC+08:00" for the zone at `ms` (what the chart's times are in). */
export function zoneOffsetLabel(ms: number, timeZone: string): string {
  const minutes = Math.round(zoneOffsetMs(ms, timeZone) / MINUTE);
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Whether the runtime knows this IANA zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A moment as a `datetime-local` input's value ("2026-12-01T21:30") on the zone's wall clock. */
export function toLocalInput(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 16);
}

/** A `datetime-local` value read on the zone's wall clock; null when it is not a date and time. */
export function fromLocalInput(text: string, timeZone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
  const wall = Date.parse(`${text}Z`);
  return Number.isFinite(wall) ? fromWallTime(wall, timeZone) : null;
}
