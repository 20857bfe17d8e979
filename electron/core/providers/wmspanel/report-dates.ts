import { isCalendarDate } from '../../../../shared/calendar-date.ts';
import { ProviderError } from '../../errors.ts';

export { isCalendarDate };

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
