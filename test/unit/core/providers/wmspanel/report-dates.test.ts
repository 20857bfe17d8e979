import { describe, expect, it } from 'vitest';
import {
  checkDateRange,
  isCalendarDate,
} from '../../../../../electron/core/providers/wmspanel/report-dates.ts';

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2014-10-17', '1999-12-31'])('accepts %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-1-01',
    '20240101',
    ' 2024-01-01',
    '',
  ])('refuses %j', (date) => {
    expect(isCalendarDate(date)).toBe(false);
  });
});

describe('checkDateRange', () => {
  it('accepts a single day and an ordered range', () => {
    expect(() => checkDateRange('2024-05-01', '2024-05-01')).not.toThrow();
    expect(() => checkDateRange('2023-12-31', '2024-01-01')).not.toThrow();
  });

  it('names the parameter and the value that is wrong', () => {
    expect(() => checkDateRange('2024-05-01', '2024-06-31')).toThrow(
      expect.objectContaining({
        kind: 'config',
        message: 'to: expected a calendar date YYYY-MM-DD, got "2024-06-31"',
      }),
    );
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => checkDateRange('2024-01-02', '2024-01-01')).toThrow(
      /from \(2024-01-02\) is after to \(2024-01-01\)/,
    );
  });
});
