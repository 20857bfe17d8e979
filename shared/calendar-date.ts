// Calendar days as providers write them (`YYYY-MM-DD`, UTC): daily reports keep them as text and never
// shift them through a time zone. YYYY-MM-DD sorts chronologically, so dates compare as strings.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const DAY_MS = 86_400_000;

/** Whether `text` is a real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** UTC epoch ms of 00:00:00 on a calendar date (the caller has checked it with isCalendarDate). */
export function dayStartMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The UTC calendar date containing an epoch ms. */
export function utcDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` after (or before, when negative) a calendar date. */
export function addDays(date: string, days: number): string {
  return utcDateOf(dayStartMs(date) + days * DAY_MS);
}

/** Every date from `from` to `to`, both included; empty when `from` is after `to`. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let ms = dayStartMs(from), end = dayStartMs(to); ms <= end; ms += DAY_MS) dates.push(utcDateOf(ms));
  return dates;
}
