import type { BridgeHandlers, Snapshot } from '../../../shared/bridge.ts';
import type { Config, SourceConfig } from '../../../shared/config.ts';
import type { SourceCheck } from '../../../shared/domain.ts';
import { createBridgeHandlers } from '../bridge/bridge-handlers.ts';
import type { Clock } from '../clock.ts';
import { cachedReportFetchers } from '../reports/cached-fetchers.ts';
import { providerReportFetchers } from '../reports/report-fetchers.ts';
import type { CallCounter } from '../budget/call-counter.ts';
import { runCheck } from '../check/run-check.ts';
import { ConfigError } from '../config/config-error.ts';
import type { ConfigStore } from '../config/config-store.ts';
import { ProviderError } from '../errors.ts';
import { createProvider } from '../providers/create-provider.ts';
import type { Poller } from '../poller/poller.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';
import { withoutDelivery, type AlertLog } from '../store/alert-log.ts';
import type { HistoryStore } from '../store/history/history-store.ts';
import type { AlertPipeline } from './alert-pipeline.ts';
import type { DailyCache } from './daily-cache.ts';
import type { LiveConfig } from './live-config.ts';
import type { ContactPoints } from '../notify/contact-points.ts';
import type { PollSchedule } from './poll-schedule.ts';
import type { ProviderRegistry } from './provider-registry.ts';

// The Bridge API over the running core's parts: every call the dashboard (IPC or HTTP) makes ends in one
// of the named functions below or in the handlers of electron/core/bridge/.

export interface CoreParts {
  live: LiveConfig;
  clock: Clock;
  counter: CallCounter;
  configStore: ConfigStore;
  vault: SecretVault;
  providers: ProviderRegistry;
  schedule: PollSchedule;
  poller: Poller;
  pipeline: AlertPipeline;
  alertLog: AlertLog;
  history: HistoryStore;
  daily: DailyCache;
  snapshot: () => Snapshot;
  changed: () => void;
  contactPoints: ContactPoints;
}

export function coreBridgeHandlers(parts: CoreParts): BridgeHandlers {
  return createBridgeHandlers({
    snapshot: parts.snapshot,
    series: (request) => parts.history.series(request),
    reports: {
      sources: () => parts.live.current().sources,
      now: () => parts.clock.now(),
      fetchers: {
        ...cachedReportFetchers(
          providerReportFetchers(parts.vault, (source) => parts.providers.clientOptions(source)),
          parts.clock,
        ),
        // WMSPanel's daily stats go through the hourly cache: they change once a day.
        wmspanelDaily: (source, query) => parts.daily.get({ sourceId: source.id, ...query }),
      },
    },
    incidents: parts.alertLog.incidents,
    events: (filter) => parts.alertLog.list(filter),
    engine: parts.pipeline.engine,
    vault: parts.vault,
    config: parts.live.current,
    updateConfig: (mutate) => updateConfig(parts, mutate),
    secretsChanged: (sourceId) => secretsChanged(parts, sourceId),
    testSource: (source) => testSource(parts, source),
    setPaused: (paused) => setPaused(parts, paused),
    paused: () => parts.poller.paused,
    refresh: (sourceId) => parts.poller.refresh(sourceId),
    streams: {
      snapshot: parts.snapshot,
      config: parts.live.current,
      history: parts.history,
      events: (filter) => parts.alertLog.list(filter).map(withoutDelivery),
      incidents: parts.alertLog.incidents,
      provider: (sourceId) => providerOf(parts, sourceId),
      now: () => parts.clock.now(),
    },
    contactPoints: {
      contactPoints: parts.contactPoints,
      vault: parts.vault,
      config: parts.live.current,
      updateConfig: (mutate) => updateConfig(parts, mutate),
    },
  });
}

function providerOf(parts: CoreParts, sourceId: string) {
  const source = parts.live.source(sourceId);
  if (!source) return Promise.reject(new ProviderError('config', `no source with id "${sourceId}"`));
  return parts.providers.providerFor(source);
}

/** Validates and writes the config file, then applies it to the running core. */
function updateConfig(parts: CoreParts, mutate: (config: Config) => Config): Promise<Config> {
  let written: Config;
  try {
    written = parts.configStore.update((current) => mutate(current));
  } catch (error) {
    if (error instanceof ConfigError) throw new ProviderError('config', error.message);
    throw error;
  }
  parts.live.apply(written);
  return Promise.resolve(written);
}

/** New secrets: the source polls with them at once (which lifts an auth hold). */
async function secretsChanged(parts: CoreParts, sourceId: string): Promise<void> {
  parts.providers.secretsChanged(sourceId);
  parts.daily.forget(sourceId);
  await parts.providers.loadWebhookTokens();
  parts.schedule.apply();
}

async function testSource(parts: CoreParts, source: SourceConfig): Promise<SourceCheck> {
  const report = await runCheck([source], {
    createProvider: (s) => createProvider(s, parts.vault, parts.providers.clientOptions(s)),
    callsToday: (s) => parts.counter.callsToday(s),
  });
  const check = report.sources[0];
  if (!check) throw new Error('testSource: no result');
  return check;
}

function setPaused(parts: CoreParts, paused: boolean): void {
  if (paused) parts.poller.pause();
  else parts.poller.resume();
  parts.changed();
}
