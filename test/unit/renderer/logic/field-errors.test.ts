import { describe, expect, it } from 'vitest';
import { alertPolicySchema } from '../../../../shared/alert-policy.ts';
import { detectorConfigSchema } from '../../../../shared/detector-config.ts';
import { PARSE_PARAMS } from '../../../../shared/schema-errors.ts';
import { translator } from '../../../../renderer/i18n/translate.ts';
import { fieldErrorsOf } from '../../../../renderer/logic/field-errors.ts';

function errorsOf(schema: typeof alertPolicySchema | typeof detectorConfigSchema, input: unknown) {
  const result = schema.safeParse(input, PARSE_PARAMS);
  if (result.success) throw new Error('expected a validation error');
  return fieldErrorsOf(result.error);
}

describe('validation errors beside their fields, in words', () => {
  it('says what to type for a bad time, zone or equal start and end', () => {
    expect(errorsOf(alertPolicySchema, { quietHours: { start: '25:00', end: '07:00' } })).toEqual({
      'quietHours.start': { key: 'validation.time' },
    });
    expect(errorsOf(alertPolicySchema, { quietHours: { start: '22:00', end: '22:00' } })).toEqual({
      'quietHours.end': { key: 'validation.differ' },
    });
    expect(
      errorsOf(alertPolicySchema, { quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } }),
    ).toEqual({
      'quietHours.timeZone': { key: 'validation.timeZone' },
    });
  });

  it('names the limits of a number that is out of range or not whole', () => {
    expect(errorsOf(alertPolicySchema, { storm: { moreThan: 0 } })).toEqual({
      'storm.moreThan': { key: 'validation.min', params: { min: 1 } },
    });
    expect(errorsOf(detectorConfigSchema, { viewerCliff: { dropPercent: 0 } })).toEqual({
      'viewerCliff.dropPercent': { key: 'validation.above', params: { min: 0 } },
    });
    expect(errorsOf(detectorConfigSchema, { vanishedPolls: 1.5 })).toEqual({
      vanishedPolls: { key: 'validation.wholeNumber' },
    });
    expect(errorsOf(detectorConfigSchema, { vanishedPolls: 500 })).toEqual({
      vanishedPolls: { key: 'validation.max', params: { max: 100 } },
    });
  });

  it('reads as a sentence in both languages, with no schema jargon', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const t = translator(locale);
      const text = t('validation.max', { max: 100 });
      expect(text).toContain('100');
      expect(text).not.toMatch(/expected|got|number|string/);
    }
  });
});
