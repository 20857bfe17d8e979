// The contract every `streamtray` verb implements. main.ts parses the global options, finds the verb in
// commands/index.ts and hands it the rest of the arguments; verbs never call process.exit themselves.
import type { SecretStore } from '../core/secrets/secret-store.ts';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Standard input, for `secret set` (never a TTY prompt in CI). */
  stdin: AsyncIterable<Buffer | string>;
  env: Readonly<Record<string, string | undefined>>;
}

export interface CliContext {
  io: CliIo;
  /** `--config FILE`, else STREAMTRAY_CONFIG, else the OS config dir's streamtray/config.json. */
  configPath: string;
  /** `--data-dir DIR`, else STREAMTRAY_DATA_DIR, else the OS data dir's streamtray/. */
  dataDir: string;
  /** Aborted on SIGINT/SIGTERM: long-running verbs (serve, demo) shut down cleanly on it. */
  signal: AbortSignal;
  /** Where `secret set` stores and sources read secrets; the OS keychain unless a test passes its own. */
  secrets?: SecretStore | undefined;
}

/** docs/cli.md: 0 success, 1 a source or check failed, 2 usage or config error. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Command {
  name: string;
  /** One line for `streamtray --help`. */
  summary: string;
  /** The verb's full usage text for `streamtray <verb> --help` and usage errors. */
  usage: string;
  run(args: string[], context: CliContext): Promise<ExitCode>;
}

/** A usage or config problem: main.ts prints the message (and the verb's usage) and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
