import { sourceIdSchema } from '../../../shared/config.ts';
import { ConfigError } from '../../core/config/config-error.ts';
import { loadConfig } from '../../core/config/config-file.ts';
import { KeychainError } from '../../core/secrets/keytar-secret-store.ts';
import {
  SECRET_KINDS,
  secretAccount,
  secretEnvName,
  type SecretKind,
} from '../../core/secrets/secret-vault.ts';
import { cliVault } from '../cli-vault.ts';
import { EXIT, UsageError, type CliContext, type CliIo, type Command, type ExitCode } from '../command.ts';
import { oneOf, parseCommandArgs } from '../parse-command-args.ts';

const USAGE = `usage: streamtray secret set ID [--kind api|webhook|notify] < secret
       streamtray secret delete ID [--kind api|webhook|notify]

Stores a source's or contact point's secret in the OS keychain (service "streamtray", account "ID:api",
"ID:webhook" or "ID:notify"), reading it from standard input so it never shows in the shell history or
the process list.
  --kind api       the WMSPanel API key, ScaleEngine secret key or Qiniu secret key (default)
  --kind webhook   the WMSPanel notification token
  --kind notify    a contact point's secret: signing key, incoming-webhook URL, bot token, SMTP password,
                   routing key or access token (docs/contact-points.md)
Without a keychain, set STREAMTRAY_SECRET_<ID>, STREAMTRAY_WEBHOOK_TOKEN_<ID> or
STREAMTRAY_NOTIFY_SECRET_<ID> instead.`;

const NAMES: Record<SecretKind, string> = { api: 'API secret', webhook: 'webhook token', notify: 'secret' };
const OWNER: Record<SecretKind, string> = { api: 'source', webhook: 'source', notify: 'contact point' };

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  // Exactly one trailing newline is what `echo` or a file adds; anything else is part of the secret.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** A warning, not a failure: the secret may be stored before the source or point is added to the config. */
async function warnIfUnknown(id: string, kind: SecretKind, context: CliContext): Promise<void> {
  try {
    const config = await loadConfig(context.configPath);
    const known = kind === 'notify' ? config.notify : config.sources;
    if (!known.some((entry) => entry.id === id)) {
      context.io.stderr.write(`warning: there is no ${OWNER[kind]} "${id}" in ${context.configPath} (yet)\n`);
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    context.io.stderr.write(
      `warning: could not check that ${OWNER[kind]} "${id}" exists: ${error.message.split('\n')[0]}\n`,
    );
  }
}

async function keychainCall(context: CliContext, call: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof KeychainError)) throw error;
    context.io.stderr.write(`streamtray secret: ${error.message}\n`);
    return EXIT.FAILED;
  }
}

export const secretCommand: Command = {
  name: 'secret',
  summary: 'store or delete a source secret in the OS keychain (read from stdin)',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, { kind: { type: 'string' } });
    const [action, id, ...extra] = positionals;
    if (action !== 'set' && action !== 'delete')
      throw new UsageError('expected "secret set ID" or "secret delete ID"');
    if (id === undefined) throw new UsageError(`secret ${action} needs a source ID`);
    // Never echo extra arguments: someone may have typed the secret itself on the command line.
    if (extra.length > 0) {
      throw new UsageError(
        `secret ${action} takes one source ID; the secret itself is read from stdin, never an argument`,
      );
    }
    if (!sourceIdSchema.safeParse(id).success) {
      throw new UsageError(
        'the source ID must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      );
    }
    const kind = oneOf('--kind', values.kind, SECRET_KINDS, 'api');
    const vault = cliVault(context);
    const { stdout, stderr } = context.io;
    const where = `the OS keychain (service "streamtray", account "${secretAccount(id, kind)}")`;

    if (action === 'delete') {
      return keychainCall(context, async () => {
        const deleted = await vault.delete(id, kind);
        stdout.write(
          deleted
            ? `deleted the ${NAMES[kind]} of ${OWNER[kind]} "${id}" from ${where}\n`
            : `no ${NAMES[kind]} of ${OWNER[kind]} "${id}" was stored in ${where}\n`,
        );
        return EXIT.OK;
      });
    }

    const secret = await readStdin(context.io);
    if (secret === '')
      throw new UsageError(
        `no secret on stdin: pipe the ${NAMES[kind]} in, e.g. printf '%s' "$KEY" | streamtray secret set ${id}`,
      );
    await warnIfUnknown(id, kind, context);
    return keychainCall(context, async () => {
      await vault.set(id, kind, secret);
      stdout.write(`stored the ${NAMES[kind]} of ${OWNER[kind]} "${id}" in ${where}\n`);
      if (vault.fromEnv(id, kind) !== undefined) {
        stderr.write(`note: ${secretEnvName(id, kind)} is set and takes precedence over the keychain\n`);
      }
      return EXIT.OK;
    });
  },
};
