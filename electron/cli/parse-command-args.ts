import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './command.ts';

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * node:util parseArgs in strict mode, with its errors turned into UsageErrors (exit 2). Positionals are
 * allowed here and counted by each verb, which can then refuse extras without echoing them: a secret
 * typed as an argument by mistake must not be printed back.
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']*)'/.exec((error as Error).message)?.[1];
      throw new UsageError(option && option.startsWith('-') ? `unknown option ${option}` : 'unknown option');
    }
    if (code?.startsWith('ERR_PARSE_ARGS_') === true) {
      // e.g. "Option '--source <value>' argument missing"
      throw new UsageError((error as Error).message.split('. ')[0] ?? 'invalid arguments');
    }
    throw error;
  }
}

/** One of a fixed set of values for an option, or a UsageError listing them. */
export function oneOf<const T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
}
