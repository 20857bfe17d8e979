// Providers write times as `YYYY-MM-DD HH:MM:SS` in UTC (ScaleEngine's `time` and `starttime`, WMSPanel's
// webhook `time` before its " UTC" suffix). One strict parser for all of them.

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** UTC epoch ms of `YYYY-MM-DD HH:MM:SS`, or null when the text is not that or not a real time. */
export function parseUtcDateTime(text: string): number | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 2014-02-30 over into March and 24:00 into the next day: a time that does not come
  // back unchanged was never a real time.
  const real =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return real ? ms : null;
}
