import type { Config } from '../../../shared/config.ts';
import type { ContactPoint } from '../../../shared/contact-points.ts';
import { resolveLocale, systemLanguage } from '../../../shared/i18n/locale.ts';
import type { ContactPointView } from '../../../shared/notify-status.ts';
import { loadConfig } from '../../core/config/config-file.ts';
import { composeTest } from '../../core/notify/compose-message.ts';
import { deliverOnce } from '../../core/notify/deliver-once.ts';
import { newMessageId } from '../../core/notify/contact-points.ts';
import { openOutboxStore, outboxExists, type OutboxStore } from '../../core/notify/outbox-store.ts';
import { senderFor } from '../../core/notify/senders/registry.ts';
import type { SecretVault } from '../../core/secrets/secret-vault.ts';
import { cliVault } from '../cli-vault.ts';
import { EXIT, UsageError, type CliContext, type Command, type ExitCode } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { formatTable } from '../text-table.ts';

const USAGE = `usage: streamtray notify test ID
       streamtray notify list [--json]

Contact points are where alerts go beyond this desktop (the config's "notify" list, docs/contact-points.md).
  test ID        sends a test message through contact point ID now and prints the service's answer;
                 exit status 1 when the delivery fails
  list [--json]  every contact point with its secret's state and its last delivery from the outbox
                 (read-only: works while "streamtray serve" runs)`;

function isoSeconds(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function findPoint(config: Config, id: string): ContactPoint {
  const point = config.notify.find((p) => p.id === id);
  if (point) return point;
  const known = config.notify.map((p) => p.id);
  throw new UsageError(
    `no contact point "${id}" in the config` +
      (known.length > 0 ? ` (configured: ${known.join(', ')})` : ' (its "notify" list is empty)'),
  );
}

async function runTest(id: string, config: Config, context: CliContext): Promise<ExitCode> {
  const point = findPoint(config, id);
  const locale = resolveLocale(config.locale, systemLanguage(context.io.env));
  const now = Date.now();
  const message = {
    ...composeTest(point.name ?? point.id, locale, now, config.dashboard.publicUrl),
    id: newMessageId(),
  };
  const result = await deliverOnce(point, message, {
    vault: cliVault(context),
    fetch: (input, init) => fetch(input, init),
    timeoutMs: config.requestTimeoutSeconds * 1000,
    now,
  });
  const status =
    result.status === null
      ? 'no answer'
      : point.type === 'email'
        ? `SMTP ${result.status}`
        : `HTTP ${result.status}`;
  if (result.outcome === 'sent') {
    context.io.stdout.write(`sent a test message through "${point.id}" (${point.type}): ${status}\n`);
    if (result.answer !== '') context.io.stdout.write(`${result.answer}\n`);
    return EXIT.OK;
  }
  context.io.stderr.write(
    `the test message through "${point.id}" (${point.type}) failed: ${result.error ?? status}\n`,
  );
  return EXIT.FAILED;
}

async function secretState(vault: SecretVault, id: string): Promise<boolean | null> {
  try {
    const secret = await vault.get(id, 'notify');
    return secret !== null && secret !== '';
  } catch {
    return null;
  }
}

async function pointViews(config: Config, context: CliContext): Promise<ContactPointView[]> {
  const vault = cliVault(context);
  // Reading must not create the outbox (nor a data directory) as a side effect.
  let store: OutboxStore | null = null;
  if (outboxExists(context.dataDir)) store = openOutboxStore(context.dataDir, { readOnly: true });
  try {
    return await Promise.all(
      config.notify.map(async (point) => ({
        point,
        secretSet: await secretState(vault, point.id),
        secretRequired: senderFor(point).secretRequired(point),
        ...(store?.counts(point.id) ?? { pending: 0, failed: 0 }),
        lastDelivery: store?.recent(point.id, 1)[0] ?? null,
      })),
    );
  } finally {
    store?.close();
  }
}

function secretCell(view: ContactPointView): string {
  if (view.secretSet === null) return 'unknown';
  if (view.secretSet) return 'set';
  return view.secretRequired ? 'MISSING' : 'none';
}

function lastCell(view: ContactPointView): string {
  const last = view.lastDelivery;
  if (!last) return 'never';
  const when =
    last.state === 'sent'
      ? isoSeconds(last.sentAt)
      : last.state === 'failed'
        ? isoSeconds(last.createdAt)
        : `next ${isoSeconds(last.nextAttemptAt)}`;
  const why = last.state === 'sent' || last.lastError === null ? '' : ` — ${last.lastError}`;
  return `${last.type} ${last.state} ${when}${why}`;
}

function table(views: readonly ContactPointView[]): string {
  return formatTable(
    ['ID', 'TYPE', 'SECRET', 'PENDING', 'FAILED', 'LAST DELIVERY'],
    views.map((v) => [
      v.point.id,
      v.point.type,
      secretCell(v),
      String(v.pending),
      String(v.failed),
      lastCell(v),
    ]),
    ['left', 'left', 'left', 'right', 'right', 'left'],
  );
}

export const notifyCommand: Command = {
  name: 'notify',
  summary: 'send a test message through a contact point, or list contact points and their deliveries',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const [action, id, ...extra] = positionals;
    if (action !== 'test' && action !== 'list')
      throw new UsageError('expected "notify test ID" or "notify list"');
    if (action === 'test') {
      if (id === undefined) throw new UsageError('notify test needs a contact point ID');
      if (extra.length > 0 || values.json !== undefined)
        throw new UsageError('notify test takes one contact point ID');
      return runTest(id, await loadConfig(context.configPath), context);
    }
    if (id !== undefined) throw new UsageError('notify list takes no arguments');
    const config = await loadConfig(context.configPath);
    const views = await pointViews(config, context);
    if (values.json === true) context.io.stdout.write(`${JSON.stringify({ points: views }, null, 2)}\n`);
    else if (views.length === 0)
      context.io.stdout.write(`no contact points configured (the "notify" list in ${context.configPath})\n`);
    else context.io.stdout.write(table(views));
    return EXIT.OK;
  },
};
