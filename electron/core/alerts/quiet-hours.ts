import type { QuietHoursPolicy } from '../../../shared/alert-policy.ts';

// Quiet hours are local wall-clock times, so the zone matters: a fixed offset, an IANA zone through Intl,
// or this machine's zone. The window includes its start minute and excludes its end minute.

const MINUTES_PER_DAY = 24 * 60;

export interface QuietHours {
  isQuiet(atMs: number): boolean;
  /** From a quiet instant to the end of that window. */
  msUntilEnd(atMs: number): number;
}

function toMinutes(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

function localMinuteReader(policy: QuietHoursPolicy): (atMs: number) => number {
  const offset = policy.utcOffsetMinutes;
  if (offset !== undefined) {
    return (atMs) =>
      (((Math.floor(atMs / 60_000) + offset) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  }
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: policy.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (atMs) => {
    let hours = 0;
    let minutes = 0;
    for (const part of format.formatToParts(atMs)) {
      if (part.type === 'hour') hours = Number(part.value);
      if (part.type === 'minute') minutes = Number(part.value);
    }
    return hours * 60 + minutes;
  };
}

export function createQuietHours(policy: QuietHoursPolicy): QuietHours {
  const start = toMinutes(policy.start);
  const end = toMinutes(policy.end);
  const localMinute = localMinuteReader(policy);
  const inside = (minute: number): boolean =>
    start < end ? minute >= start && minute < end : minute >= start || minute < end;

  return {
    isQuiet: (atMs) => inside(localMinute(atMs)),
    msUntilEnd(atMs) {
      const minutesLeft = (end - localMinute(atMs) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
      // Zones are whole minutes from UTC (all current ones), so seconds within the minute are UTC's.
      return Math.max(0, minutesLeft * 60_000 - (((atMs % 60_000) + 60_000) % 60_000));
    },
  };
}
