import { ProviderError } from '../../errors.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Checks a daily report range before any request is made, so a typo is a `config` error naming the
 * parameter instead of a round trip ending in the provider's vaguer complaint. Dates are the provider's
 * calendar days and are compared as text: YYYY-MM-DD sorts chronologically.
 */
export function checkDateRange(from: string, to: string): void {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCalendarDate(value)) {
      throw new ProviderError(
        'config',
        `${name}: expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`,
      );
    }
  }
  if (from > to) throw new ProviderError('config', `from (${from}) is after to (${to})`);
}
