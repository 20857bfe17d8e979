import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../../shared/config.ts';
import { describeNotice } from '../../../shared/i18n/describe-notice.ts';
import { resolveLocale, systemLanguage } from '../../../shared/i18n/locale.ts';
import type { Notice } from '../../../shared/notices.ts';
import { DashboardConfigError, startDashboardServer } from '../../core/dashboard/dashboard-server.ts';
import type { HttpClient } from '../../core/http/http-client.ts';
import { startCore, type Core } from '../../core/runtime/core.ts';
import type { SecretVault } from '../../core/secrets/secret-vault.ts';
import { ConfigStore } from '../../core/config/config-store.ts';
import { APP_ROOT } from '../app-root.ts';
import { EXIT, UsageError, type CliContext, type ExitCode } from '../command.ts';

// What `serve` and `demo` share: the core, the dashboard listener and the webhook listener, running until
// SIGINT/SIGTERM, then a clean stop (in-flight writes committed, listeners closed).

export const DASHBOARD_TOKEN_ENV = 'STREAMTRAY_DASHBOARD_TOKEN';

/** The built renderer, if `npm run build` has been run. */
export function rendererDir(): string | null {
  const dir = join(APP_ROOT, 'dist', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

export interface ServeOptions {
  context: CliContext;
  config: Config;
  configPath: string;
  vault: SecretVault;
  dashboard: { host: string; port: number };
  webhooks: { host: string; port: number };
  http?: HttpClient;
  /** Called once everything listens, before waiting for the signal (the demo starts its scenario here). */
  onReady?: (ready: {
    core: Core;
    dashboardOrigin: string;
    webhookOrigin: string;
  }) => Promise<(() => Promise<void>) | void>;
}

/** One line per notice, in the configured language (`system`: the terminal's LANG). */
function noticeLine(notice: Notice, core: Core | null, env: NodeJS.ProcessEnv): string {
  const config = core?.config();
  const locale = resolveLocale(config?.locale ?? 'system', systemLanguage(env));
  const text = describeNotice(notice, locale, {
    sourceName: (id) => config?.sources.find((s) => s.id === id)?.name,
  });
  return `${new Date(notice.at).toISOString()} ${notice.severity.toUpperCase()} ${text.title}: ${text.body}\n`;
}

export async function serve(options: ServeOptions): Promise<ExitCode> {
  const { context, config } = options;
  const out = context.io.stdout;
  const token = context.io.env[DASHBOARD_TOKEN_ENV] ?? null;
  let core: Core | null = null;
  core = await startCore({
    config,
    configStore: new ConfigStore(options.configPath),
    vault: options.vault,
    dataDir: context.dataDir,
    ...(options.http ? { http: options.http } : {}),
    webhooks: options.webhooks,
    systemLanguage: systemLanguage(context.io.env),
    notifier: { notify: (notice) => out.write(noticeLine(notice, core, context.io.env)) },
    log: (message) => context.io.stderr.write(`streamtray serve: ${message}\n`),
  });
  const running = core;
  let dashboard;
  try {
    dashboard = await startDashboardServer({
      host: options.dashboard.host,
      port: options.dashboard.port,
      staticDir: rendererDir(),
      handlers: running.handlers,
      subscribe: (listener) => running.subscribe(listener),
      metrics: () => running.metrics(),
      metricsContentType: running.metricsContentType,
      token,
      allowedHosts: config.dashboard.allowedHosts,
      tls: config.dashboard.tls,
      log: (message) => context.io.stderr.write(`streamtray serve: dashboard: ${message}\n`),
    });
  } catch (error) {
    await running.stop();
    if (error instanceof DashboardConfigError)
      throw new UsageError(
        error.field === 'token' ? `${error.message} (set ${DASHBOARD_TOKEN_ENV})` : error.message,
      );
    throw error;
  }
  const webhookOrigin = running.webhookOrigin ?? '';
  out.write(`Dashboard: ${dashboard.origin}/\n`);
  out.write(
    `Metrics:   ${dashboard.origin}/metrics (${running.metricsContentType.split(';')[0] ?? 'text/plain'})\n`,
  );
  const wms = config.sources.filter((s) => s.provider === 'wmspanel');
  out.write(
    wms.length > 0
      ? wms
          .map((s) => `Webhooks:  ${webhookOrigin}/webhooks/${s.id}  (paste into WMSPanel for "${s.id}")\n`)
          .join('')
      : `Webhooks:  ${webhookOrigin}/webhooks/<sourceId>\n`,
  );
  let cleanup: (() => Promise<void>) | void = undefined;
  try {
    cleanup = await options.onReady?.({ core: running, dashboardOrigin: dashboard.origin, webhookOrigin });
    out.write('Running; press Ctrl-C to stop.\n');
    await new Promise<void>((resolve) => {
      if (context.signal.aborted) resolve();
      else context.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    out.write('Stopping…\n');
    await cleanup?.();
    await dashboard.close();
    await running.stop();
  }
  out.write('Stopped.\n');
  return EXIT.OK;
}
