import type { z } from 'zod';
import { formatIssues, PARSE_PARAMS } from '../../../shared/schema-errors.ts';
import { ProviderError } from '../errors.ts';

/**
 * Parses and validates a provider's JSON answer. A body that is not JSON, was cut off, or does not have
 * the documented shape is an `invalid-response` error naming the first wrong field: never a crash and
 * never a silent zero.
 */
export function parseBody<S extends z.ZodType>(text: string, schema: S, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const detail =
      text.trim() === '' ? 'the body is empty' : 'the body is not valid JSON (malformed or cut off)';
    throw new ProviderError('invalid-response', `${what}: ${detail}`);
  }
  const result = schema.safeParse(json, PARSE_PARAMS);
  if (!result.success) {
    const problems = formatIssues(result.error);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new ProviderError('invalid-response', `${what}: unexpected response: ${problems[0]}${more}`);
  }
  return result.data;
}
