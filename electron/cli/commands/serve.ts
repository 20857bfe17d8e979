import { loadConfig } from '../../core/config/config-file.ts';
import { cliVault } from '../cli-vault.ts';
import { UsageError, type Command } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { DASHBOARD_TOKEN_ENV, serve } from './serve-runtime.ts';

const USAGE = `usage: streamtray serve [--host HOST] [--port PORT] [--webhook-host HOST] [--webhook-port PORT]

Runs Streamtray headless: polls every source, keeps local history, receives WMSPanel webhooks and serves
the dashboard (the renderer, the Bridge API under /api/, events under /api/events, /metrics).
  --host, --port                  the dashboard listener (default: config "dashboard", 127.0.0.1:8786)
  --webhook-host, --webhook-port  the webhook listener (default: config "webhooks", 127.0.0.1:8787)
Off loopback, or with config "dashboard.allowedHosts", the dashboard requires a token of at least 16
characters in ${DASHBOARD_TOKEN_ENV}; config "dashboard.tls" serves it over HTTPS (docs/dashboard-security.md).
One Streamtray at a time may use a data directory; a second one exits 2 naming the first one's pid.
Stops cleanly on Ctrl-C or SIGTERM. Exit status: 0 stopped cleanly, 2 a usage or config error or the data
directory in use.`;

export function parsePort(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) throw new UsageError(`${name}: expected a port number 0-65535`);
  return port;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run headless: poller, webhook listener, dashboard and Bridge API over HTTP/SSE',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      host: { type: 'string' },
      port: { type: 'string' },
      'webhook-host': { type: 'string' },
      'webhook-port': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError('serve takes no arguments');
    const config = await loadConfig(context.configPath);
    return serve({
      context,
      config,
      configPath: context.configPath,
      vault: cliVault(context),
      dashboard: {
        host: values.host ?? config.dashboard.host,
        port: parsePort(values.port, '--port') ?? config.dashboard.port,
      },
      webhooks: {
        host: values['webhook-host'] ?? config.webhooks.host,
        port: parsePort(values['webhook-port'], '--webhook-port') ?? config.webhooks.port,
      },
    });
  },
};
