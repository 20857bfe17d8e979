import type { z } from 'zod';
import { formatIssuePath } from '../../shared/schema-errors.ts';
import type { Params, StringKey } from '../i18n/translate.ts';

// Validation problems as words beside the field they are about: "Enter a whole number." under CDN id,
// not "cdnId: expected number, got string" in a list. Keys are the field's path ("quietHours.start").

export interface FieldError {
  key: StringKey;
  params?: Params;
}

export type FieldErrors = Readonly<Record<string, FieldError>>;

const TIME_FIELDS = new Set(['start', 'end']);

function wordsFor(issue: z.core.$ZodIssue): FieldError {
  const field = String(issue.path.at(-1) ?? '');
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === '') return { key: 'validation.required' };
      return issue.expected === 'int'
        ? { key: 'validation.wholeNumber' }
        : issue.expected === 'number'
          ? { key: 'validation.number' }
          : { key: 'validation.invalid' };
    case 'too_small':
      if (issue.origin === 'string') return { key: 'validation.required' };
      if (issue.origin === 'array')
        return field === 'apps' ? { key: 'validation.apps' } : { key: 'validation.required' };
      return issue.inclusive === false
        ? { key: 'validation.above', params: { min: Number(issue.minimum) } }
        : { key: 'validation.min', params: { min: Number(issue.minimum) } };
    case 'too_big':
      return { key: 'validation.max', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      if (field === 'id') return { key: 'validation.id' };
      return TIME_FIELDS.has(field) ? { key: 'validation.time' } : { key: 'validation.invalid' };
    case 'unrecognized_keys':
      return { key: 'validation.unknownField' };
    case 'custom':
      if (field === 'baseUrl') return { key: 'validation.url' };
      if (field === 'timeZone') return { key: 'validation.timeZone' };
      if (/must differ/.test(issue.message)) return { key: 'validation.differ' };
      return { key: 'validation.invalid' };
    default:
      return { key: 'validation.invalid' };
  }
}

/** One problem per field (the first, which is the one to fix first); never the value itself. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const path = formatIssuePath(issue.path);
    if (!(path in errors)) errors[path] = wordsFor(issue);
  }
  return errors;
}
