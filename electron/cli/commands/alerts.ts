import { existsSync } from 'node:fs';
import type { AlertEvent } from '../../../shared/alerts.ts';
import { alertLogPath, type LoggedEvent } from '../../core/store/alert-log.ts';
import { openAlertLogReader } from '../../core/store/alert-log-reader.ts';
import { EXIT, UsageError, type CliContext, type Command, type ExitCode } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { formatTable } from '../text-table.ts';

const USAGE = `usage: streamtray alerts [--json] [--since ISO]

Prints the durable alert log (webhook deliveries and derived alerts), newest last. It only reads the
log, so it works beside a running serve or app, on a full disk and on a read-only data dir.
  --since ISO   only events received since then, e.g. 2024-05-01 or 2024-05-01T12:00:00Z
                (a time without a zone is UTC)
  --json        print {"events": [...]} instead of a table`;

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

function offsetOf(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

/** `--since`: an ISO date or date-time; without a zone it is UTC, like every time inside Streamtray. */
export function parseSince(value: string): number {
  const match = ISO.exec(value.trim());
  if (!match)
    throw new UsageError(`--since must be an ISO date or time such as 2024-05-01T12:00:00Z, got "${value}"`);
  const text = value.trim().replace(' ', 'T');
  const ms = Date.parse(text.length === 10 || match[1] !== undefined ? text : `${text}Z`);
  // V8 reads 2024-02-31 as March 2: a date that does not come back unchanged was never real.
  const offsetMs = match[1] && match[1].toUpperCase() !== 'Z' ? offsetOf(match[1]) : 0;
  if (Number.isNaN(ms) || new Date(ms + offsetMs).toISOString().slice(0, 10) !== text.slice(0, 10)) {
    throw new UsageError(`--since is not a real date or time: "${value}"`);
  }
  return ms;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function publicEvent(event: LoggedEvent): AlertEvent {
  const { delivery: _delivery, ...rest } = event;
  return rest;
}

function table(events: readonly LoggedEvent[]): string {
  return formatTable(
    ['RECEIVED', 'OCCURRED', 'SOURCE', 'KIND', 'SUBJECT', 'STATUS', 'DETAIL'],
    events.map((e) => [
      isoSeconds(e.receivedAt),
      isoSeconds(e.occurredAt),
      e.sourceId,
      e.subject.kind,
      e.subject.name,
      e.status.toUpperCase(),
      [
        e.origin === 'derived' ? `derived${e.reason ? `: ${e.reason}` : ''}` : '',
        e.checkpoints.length > 0 ? `checkpoints: ${e.checkpoints.join(', ')}` : '',
      ]
        .filter((part) => part !== '')
        .join('; '),
    ]),
    ['left', 'left', 'left', 'left', 'left', 'left', 'left'],
  );
}

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'print the durable alert log, newest last',
  usage: USAGE,
  // Through a promise so that usage errors reach main.ts as a rejection, like every other verb's.
  run: (args, context) => Promise.resolve().then(() => runAlerts(args, context)),
};

function runAlerts(args: string[], context: CliContext): ExitCode {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean' },
    since: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError('alerts takes no arguments');
  const sinceMs = values.since === undefined ? undefined : parseSince(values.since);

  const file = alertLogPath(context.dataDir);
  // Reading must not create a data directory as a side effect: no file simply means nothing logged yet.
  let events: LoggedEvent[] = [];
  if (existsSync(file)) {
    // Read-only: this runs beside `serve`, and on a full disk or a read-only folder.
    const log = openAlertLogReader(context.dataDir);
    try {
      events = log.list(sinceMs === undefined ? {} : { sinceMs });
    } finally {
      log.close();
    }
  }

  if (values.json === true) {
    context.io.stdout.write(`${JSON.stringify({ events: events.map(publicEvent) }, null, 2)}\n`);
  } else if (events.length === 0) {
    context.io.stdout.write(
      existsSync(file)
        ? 'no alerts logged' + (sinceMs === undefined ? '' : ' since then') + '\n'
        : `no alerts logged yet (${file} does not exist)\n`,
    );
  } else {
    context.io.stdout.write(table(events));
  }
  return EXIT.OK;
}
