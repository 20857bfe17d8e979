import type { z } from 'zod';

/** `sources[2].accessKey` from zod's path `['sources', 2, 'accessKey']`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${describeValue(issue.input)}`;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''}`;
  if (issue.code === 'invalid_value') return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`;
  }
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    const options: unknown[] = issue.options;
    return `expected ${options.map((v) => JSON.stringify(v)).join(' or ')}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * One line per problem, each naming the field path: `sources[2].accessKey: required`. Parse with
 * `{ reportInput: true }` so a missing field can be told from a wrong type; values themselves are never
 * printed (they may be secrets).
 */
export const PARSE_PARAMS = { reportInput: true } as const;

/** One line per problem, each naming the field path: `sources[2].accessKey: required`. */
export function formatIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map((key) => `${formatIssuePath([...prefix, ...issue.path, key])}: unknown field`)
        .join('\n');
    }
    return `${formatIssuePath([...prefix, ...issue.path])}: ${describeIssue(issue)}`;
  });
}
