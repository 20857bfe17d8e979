import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { z } from 'zod';
import { APP_ROOT } from './app-root.ts';
import { ConfigError } from '../core/config/config-error.ts';
import { DataDirBusyError } from '../core/runtime/data-dir-lock.ts';
import { resolveAppPaths } from '../core/config/config-paths.ts';
import type { SecretStore } from '../core/secrets/secret-store.ts';
import { EXIT, UsageError, type CliIo, type Command, type ExitCode } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { StorageError } from '../core/store/storage-error.ts';

const GLOBAL_USAGE = `usage: streamtray [--config FILE] [--data-dir DIR] <command> [options]
       streamtray <command> --help | --help | --version`;

const GLOBAL_OPTIONS_HELP = `global options:
  --config FILE    the config file (else STREAMTRAY_CONFIG, else the OS config dir's streamtray/config.json)
  --data-dir DIR   where local data goes (else STREAMTRAY_DATA_DIR, else the OS data dir's streamtray/)
  -h, --help       this help, or a command's with "streamtray <command> --help"
  -V, --version    the version
exit status: 0 success, 1 a source or check failed, 2 a usage or config error`;

const VALUE_OPTIONS = ['--config', '--data-dir'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

function isValueOption(arg: string): arg is ValueOption {
  return (VALUE_OPTIONS as readonly string[]).includes(arg);
}

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const verbs = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `${GLOBAL_USAGE}\n\ncommands:\n${verbs}\n\n${GLOBAL_OPTIONS_HELP}\n`;
}

function version(): string {
  const text = readFileSync(join(APP_ROOT, 'package.json'), 'utf8');
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}

interface Invocation {
  config?: string | undefined;
  dataDir?: string | undefined;
  help: boolean;
  version: boolean;
  verb?: string | undefined;
  verbArgs: string[];
}

/**
 * Global options may come before the verb (parsed strictly here) or after it, mixed with the verb's own
 * (`streamtray check --config x.json`): those are taken out before the verb sees its arguments.
 */
function splitInvocation(argv: readonly string[]): Invocation {
  let verbAt = argv.length;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') break;
    if (isValueOption(arg)) index += 1;
    else if (!arg.startsWith('-')) {
      verbAt = index;
      break;
    }
  }
  const { values } = parseCommandArgs(argv.slice(0, verbAt), {
    config: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
  });
  const invocation: Invocation = {
    config: values.config,
    dataDir: values['data-dir'],
    help: values.help === true,
    version: values.version === true,
    verb: argv[verbAt],
    verbArgs: [],
  };
  const rest = argv.slice(verbAt + 1);
  for (let index = 0; index < rest.length; index += 1) {
    const arg = rest[index] ?? '';
    if (arg === '--') {
      invocation.verbArgs.push(...rest.slice(index));
      break;
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!isValueOption(name)) {
      invocation.verbArgs.push(arg);
      continue;
    }
    const value = inline ?? rest[index + 1];
    if (inline === undefined) index += 1;
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`${name} needs a value`);
    }
    if (name === '--config') invocation.config = value;
    else invocation.dataDir = value;
  }
  return invocation;
}

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export interface MainOptions {
  /** Replaces the OS keychain (tests, the demo). */
  secrets?: SecretStore | undefined;
}

/** Runs one `streamtray` invocation and answers its exit code; it never exits the process itself. */
export async function main(
  argv: readonly string[],
  io: CliIo,
  signal: AbortSignal = new AbortController().signal,
  options: MainOptions = {},
): Promise<ExitCode> {
  let invocation: Invocation;
  try {
    invocation = splitInvocation(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`streamtray: ${error.message}\n\n${GLOBAL_USAGE}\n`);
    return EXIT.USAGE;
  }
  if (invocation.version) {
    io.stdout.write(`streamtray ${version()}\n`);
    return EXIT.OK;
  }
  if (invocation.verb === undefined) {
    if (invocation.help) {
      io.stdout.write(globalHelp());
      return EXIT.OK;
    }
    io.stderr.write(`streamtray: missing command\n\n${globalHelp()}`);
    return EXIT.USAGE;
  }
  const command: Command | undefined = COMMANDS.find((candidate) => candidate.name === invocation.verb);
  if (command === undefined) {
    io.stderr.write(`streamtray: unknown command "${invocation.verb}"\n\n${globalHelp()}`);
    return EXIT.USAGE;
  }
  if (invocation.help || wantsHelp(invocation.verbArgs)) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT.OK;
  }

  const paths = resolveAppPaths({
    platform: process.platform,
    homedir: io.env['HOME'] ?? io.env['USERPROFILE'] ?? os.homedir(),
    env: io.env,
    configFlag: invocation.config,
    dataDirFlag: invocation.dataDir,
  });
  try {
    return await command.run(invocation.verbArgs, { io, ...paths, signal, secrets: options.secrets });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`streamtray ${command.name}: ${error.message}\n\n${command.usage}\n`);
      return EXIT.USAGE;
    }
    if (error instanceof ConfigError || error instanceof DataDirBusyError) {
      io.stderr.write(`streamtray ${command.name}: ${error.message}\n`);
      return EXIT.USAGE;
    }
    // Names the file and says what to do (free space, make it writable, move it aside).
    if (error instanceof StorageError) {
      io.stderr.write(`streamtray ${command.name}: ${error.message}\n`);
      return EXIT.FAILED;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`streamtray ${command.name}: unexpected error: ${message}\n`);
    return EXIT.FAILED;
  }
}

/**
 * Runs the command line as the process: real stdio, signals, exit code. bin/streamtray.js calls it (npx,
 * npm link); running this file directly with Node does too.
 */
export async function runAsProgram(): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => {
    // A second Ctrl-C means "now": do not wait for a clean shutdown.
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  };
  process.exitCode = await main(process.argv.slice(2), io, controller.signal);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // A keychain call that timed out keeps running on libuv's thread pool and would hold the process open
  // until D-Bus gives up; everything else has finished, so do not wait for it.
  setTimeout(() => process.exit(), 1_000).unref();
}

if (import.meta.main) await runAsProgram();
