import type { CheckReport } from '../../../shared/domain.ts';
import { formatBitrate, formatCount } from '../../../shared/units.ts';
import { runCheck } from '../../core/check/run-check.ts';
import { ConfigError } from '../../core/config/config-error.ts';
import { CONFIG_EXAMPLE, loadConfig } from '../../core/config/config-file.ts';
import { createProvider } from '../../core/providers/create-provider.ts';
import { cliProviderOptions, openCliCallCounter } from '../cli-providers.ts';
import { cliVault } from '../cli-vault.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { formatTable } from '../text-table.ts';

const USAGE = `usage: streamtray check [--json]

Polls every configured source once and prints, per source, ok or the error, and the live totals.
  --json    print one JSON object (the format in the README) instead of a table
Exit status: 0 every source ok, 1 a source failed, 2 a usage or config error.`;

function humanReport(report: CheckReport): string {
  const rows = report.sources.map((source) =>
    source.ok
      ? [
          source.id,
          source.provider,
          'ok',
          formatCount(source.viewers),
          formatBitrate(source.bandwidthBps),
          '',
        ]
      : [source.id, source.provider, 'FAILED', '', '', `${source.error.kind}: ${source.error.message}`],
  );
  const healthy = report.sources.filter((source) => source.ok).length;
  rows.push([
    'total',
    '',
    `${healthy}/${report.sources.length} ok`,
    formatCount(report.total.viewers),
    formatBitrate(report.total.bandwidthBps),
    '',
  ]);
  return formatTable(['SOURCE', 'PROVIDER', 'STATUS', 'VIEWERS', 'BANDWIDTH', 'ERROR'], rows, [
    'left',
    'left',
    'left',
    'right',
    'right',
    'left',
  ]);
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'poll every source once: ok/error and live totals',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError('check takes no arguments');

    const config = await loadConfig(context.configPath);
    if (config.sources.length === 0) {
      throw new ConfigError(
        context.configPath,
        `${context.configPath}: no sources configured: add one to "sources", e.g. ${CONFIG_EXAMPLE}, ` +
          'then store its secret with "streamtray secret set <id>"',
      );
    }
    const vault = cliVault(context);
    const counter = openCliCallCounter(context);
    let report;
    try {
      report = await runCheck(config.sources, {
        createProvider: (source) => createProvider(source, vault, cliProviderOptions(counter, config, source)),
        callsToday: (source) => counter.callsToday(source),
        signal: context.signal,
      });
    } finally {
      counter.close();
    }

    context.io.stdout.write(
      values.json === true ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report),
    );
    return report.sources.every((source) => source.ok) ? EXIT.OK : EXIT.FAILED;
  },
};
