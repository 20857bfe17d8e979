import { Readable } from 'node:stream';
import type { CliIo } from '../../electron/cli/command.ts';

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

/** A CliIo that records what a verb prints, with the given stdin text and environment. */
export function captureIo(
  options: { stdin?: string; env?: Record<string, string | undefined> } = {},
): CapturedIo {
  let out = '';
  let err = '';
  const input = options.stdin ?? '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from(input === '' ? [] : [Buffer.from(input)]),
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}
