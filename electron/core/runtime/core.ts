import { join } from 'node:path';
import type { BridgeEventListener, BridgeHandlers, Snapshot } from '../../../shared/bridge.ts';
import type { Config } from '../../../shared/config.ts';
import { resolveLocale, systemLanguage } from '../../../shared/i18n/locale.ts';
import type { Notifier } from '../../../shared/notices.ts';
import type { AlertEngine } from '../alerts/alert-engine.ts';
import { createBackfillQueue, type Backfill } from '../backfill/backfill-queue.ts';
import { openCallCounter } from '../budget/call-counter.ts';
import { realClock, type Clock, type TimerHandle } from '../clock.ts';
import { ConfigError } from '../config/config-error.ts';
import type { ConfigStore } from '../config/config-store.ts';
import { watchConfigFile, type ConfigWatcher } from '../config/config-watcher.ts';
import { ProviderError } from '../errors.ts';
import { fetchHttpClient, type HttpClient } from '../http/http-client.ts';
import { createCoreMetrics, type CoreMetrics } from '../metrics/core-metrics.ts';
import { createContactPoints, type ContactPoints } from '../notify/contact-points.ts';
import { Poller } from '../poller/poller.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';
import { openAlertLog, type AlertLog } from '../store/alert-log.ts';
import { openHistoryStore, type HistoryStore } from '../store/history/history-store.ts';
import { explainStorageError } from '../store/storage-error.ts';
import { createStorageHealth, type StorageHealth } from '../store/storage-health.ts';
import { storageNotice } from '../store/storage-notice.ts';
import { startWebhookListener, type WebhookListener } from '../webhooks/webhook-listener.ts';
import { createAggregator, type Aggregator } from './aggregator.ts';
import { AlertPipeline } from './alert-pipeline.ts';
import { coreBridgeHandlers, type CoreParts } from './core-bridge.ts';
import { createDailyCache, type DailyQuery } from './daily-cache.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { LiveConfig, type ConfigChange } from './live-config.ts';
import { describeError, PendingWrites } from './pending-writes.ts';
import { PollRecorder } from './poll-recorder.ts';
import { PollSchedule } from './poll-schedule.ts';
import { ProviderRegistry } from './provider-registry.ts';
import { SnapshotPublisher } from './snapshot-publisher.ts';

// The composition root (docs/architecture.md): config → providers → poller → history, detectors → alert
// log → engine → notices, aggregator → Snapshot → subscribers, and the Bridge over all of it. The desktop
// shell and `streamtray serve` both start it here, the same way; they add only their own edges (native
// notifications and the tray, or the dashboard's HTTP listener).

export const HISTORY_FILE = 'history.sqlite';
const DEFAULT_MAINTAIN_MS = 5 * 60_000;

export interface CoreOptions {
  config: Config;
  /** Where settings edits are written, and whose file is watched for edits made elsewhere. */
  configStore: ConfigStore;
  vault: SecretVault;
  dataDir: string;
  /** The host's notifier: native notifications in the app, stdout in `serve`. */
  notifier?: Notifier;
  /** Starts the webhook listener on this host and port (0: any free port); absent: no listener. */
  webhooks?: { host: string; port: number } | undefined;
  /** Re-read the config file when it changes on disk (default true). */
  watchConfig?: boolean;
  /** Fill charts from the providers' own history after a start or a gap (default on). */
  backfill?: Backfill | false;
  /** The OS language `locale: "system"` resolves from (default: the POSIX locale variables). */
  systemLanguage?: string | undefined;
  /** Faults worth the operator's attention (never secrets). */
  log?: (message: string) => void;
  // Seams for tests.
  clock?: Clock;
  http?: HttpClient;
  random?: () => number;
  /** Snapshot events at most this often (default 1 s). */
  snapshotEveryMs?: number;
  maintainEveryMs?: number;
}

export interface Core {
  readonly handlers: BridgeHandlers;
  subscribe(listener: BridgeEventListener): () => void;
  snapshot(): Snapshot;
  /** The config in force now (it follows edits). */
  config(): Config;
  /** Prometheus text for `GET /metrics` (content type: `metricsContentType`). */
  metrics(): Promise<string>;
  readonly metricsContentType: string;
  /** `http://host:port` of the webhook listener, when started. */
  readonly webhookOrigin: string | null;
  readonly alertLog: AlertLog;
  readonly engine: AlertEngine;
  /** Where notifications also go: chat, e-mail, pagers, Alertmanager (docs/contact-points.md). */
  readonly contactPoints: ContactPoints;
  /** Settles once every write started so far is committed and the engine has seen every stored event. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the core on `options.dataDir`, which it locks for as long as it runs: throws DataDirBusyError
 * when another live process runs a core on the same directory.
 */
export async function startCore(options: CoreOptions): Promise<Core> {
  let lock: DataDirLock;
  try {
    lock = lockDataDir(options.dataDir);
  } catch (error) {
    // A read-only or full data folder fails here first: say so, naming the folder.
    throw explainStorageError(error, 'alert-log', join(options.dataDir, 'streamtray.lock'));
  }
  try {
    return await startLockedCore(options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

interface RunningParts extends CoreParts {
  aggregator: Aggregator;
  storage: StorageHealth;
  contactPoints: ContactPoints;
  metrics: CoreMetrics;
  recorder: PollRecorder;
  publisher: SnapshotPublisher;
  writes: PendingWrites;
  clock: Clock;
  log: (message: string) => void;
}

async function startLockedCore(options: CoreOptions, lock: DataDirLock): Promise<Core> {
  const clock = options.clock ?? realClock;
  const log = options.log ?? ((message: string) => console.error(message));
  const live = new LiveConfig(options.config);
  // Environment secrets belong to the sources as configured at start: a repointed source loses them.
  options.vault.pinEnvironment(options.config.sources);
  const writes = new PendingWrites();
  const counter = openCallCounter(options.dataDir, clock, log);
  const providers = new ProviderRegistry({
    config: live.current,
    vault: options.vault,
    http: options.http ?? fetchHttpClient,
    counter,
    clock,
    log,
  });
  const storage = createStorageHealth();
  const alertLog = openAlertLog(options.dataDir, {
    storage,
    retentionDays: options.config.retention.alertLogDays,
    now: () => clock.now(),
  });
  let history: HistoryStore;
  try {
    history = openHistoryStore({ file: join(options.dataDir, HISTORY_FILE), clock, storage });
  } catch (error) {
    // A damaged or unwritable history file stops the start; what was opened first is let go.
    alertLog.close();
    counter.close();
    throw error;
  }
  const aggregator = createAggregator();
  const metrics = createCoreMetrics({
    snapshot: () => buildSnapshot(running),
    contactPointTypes: () => live.current().notify.map((point) => point.type),
  });
  const language = options.systemLanguage ?? systemLanguage(process.env);
  const contactPoints = createContactPoints({
    dataDir: options.dataDir,
    config: live.current,
    vault: options.vault,
    clock,
    log,
    incident: (id) => alertLog.incidents.get(id),
    openIncidents: () => pipeline.engine.openIncidents(),
    locale: () => resolveLocale(live.current().locale, language),
    sourceName: (id) => live.source(id)?.name,
    onOutcome: metrics.contactPointOutcome,
  });
  // Made in the order they can be; the closures below run only once everything exists.
  const changed = () => publisher.changed();
  const pipeline = new AlertPipeline({
    alertLog,
    clock,
    policy: options.config.alerts,
    detectors: live.detectors,
    writes,
    emit: (name, payload) => publisher.emit(name, payload),
    hostNotifier: options.notifier,
    sinks: [contactPoints],
    onChange: changed,
    log,
  });
  const poller = new Poller({
    clock,
    onOutcome: (outcome) => recorder.record(outcome),
    ...(options.random ? { random: options.random } : {}),
  });
  const schedule = new PollSchedule({ config: live.current, poller, providers, counter, clock });
  const recorder = new PollRecorder({
    config: live.current,
    aggregator,
    history,
    backfill: options.backfill === false ? null : (options.backfill ?? createBackfillQueue()),
    providers,
    schedule,
    detectors: live.detectors,
    pipeline,
    writes,
    pollFailed: metrics.pollFailed,
    onChange: changed,
    log,
  });
  const daily = createDailyCache({ clock, fetch: (query) => fetchDailyStats(live, providers, query) });
  const publisher = new SnapshotPublisher({
    clock,
    everyMs: options.snapshotEveryMs ?? 1000,
    build: () => buildSnapshot(running),
    log,
  });
  const running: RunningParts = {
    live,
    configStore: options.configStore,
    vault: options.vault,
    providers,
    schedule,
    poller,
    pipeline,
    alertLog,
    history,
    daily,
    snapshot: () => buildSnapshot(running),
    changed,
    aggregator,
    counter,
    recorder,
    publisher,
    metrics,
    contactPoints,
    storage,
    writes,
    clock,
    log,
  };

  live.onChange((change) => applyConfigChange(running, change));
  // One notice when a storage fault starts and one when it ends; the snapshot shows it meanwhile.
  storage.onChange((change) => pipeline.announce(storageNotice(change, clock.now())));
  // Last, once everything it touches exists: events a crash kept from the engine are replayed now.
  pipeline.start();
  await providers.loadWebhookTokens();
  let webhookListener: WebhookListener | null = null;
  try {
    webhookListener = options.webhooks ? await startListener(running, options.webhooks) : null;
  } catch (error) {
    // A port in use must not leave the stores open behind the error (the app shows it and quits).
    pipeline.stop();
    publisher.stop();
    await contactPoints.close();
    history.close();
    alertLog.close();
    counter.close();
    throw listenerError(error, options.webhooks);
  }
  const handlers = coreBridgeHandlers(running);
  schedule.apply();
  poller.start();
  const upkeep = scheduleUpkeep(running, options.maintainEveryMs ?? DEFAULT_MAINTAIN_MS);
  const watcher: ConfigWatcher | null =
    options.watchConfig === false
      ? null
      : watchConfigFile({ store: options.configStore, apply: (config) => live.apply(config), log });

  let stopping: Promise<void> | null = null;
  async function stop(): Promise<void> {
    watcher?.close();
    poller.stop();
    // Listeners first: nothing new arrives while the last writes commit.
    await webhookListener?.close();
    await writes.settle(() => alertLog.drainToConsumer());
    upkeep.stop();
    publisher.stop();
    pipeline.stop();
    await contactPoints.close();
    history.close();
    alertLog.close();
    counter.close();
    lock.release();
  }

  return {
    handlers,
    subscribe: (listener) => publisher.subscribe(listener),
    snapshot: running.snapshot,
    config: live.current,
    metrics: () => metrics.scrape(),
    metricsContentType: metrics.contentType,
    webhookOrigin: webhookListener?.origin ?? null,
    alertLog,
    engine: pipeline.engine,
    contactPoints,
    idle: () => writes.settle(() => alertLog.drainToConsumer()),
    stop: () => (stopping ??= stop()),
  };
}

function buildSnapshot(parts: RunningParts): Snapshot {
  const config = parts.live.current();
  return parts.aggregator.snapshot({
    at: parts.clock.now(),
    paused: parts.poller.paused,
    sources: config.sources.map((source) => ({
      config: source,
      intervalMs: parts.schedule.intervalOf(source),
      callBudget: parts.schedule.budgetOf(source),
    })),
    status: (id) => parts.poller.status(id),
    callsToday: (id) => {
      const source = parts.live.source(id);
      return source ? parts.counter.callsToday(source) : 0;
    },
    openIncidents: parts.pipeline.engine.openIncidents(),
    severityOf: (incident) => parts.pipeline.severityOf(incident),
    storage: parts.storage.state(),
  });
}

/** A changed config reaches every part that keeps per-source state, the poller and the alert policy. */
function applyConfigChange(parts: RunningParts, change: ConfigChange): void {
  parts.alertLog.setRetentionDays(change.next.retention.alertLogDays);
  for (const id of change.changedSources) {
    parts.aggregator.forget(id);
    parts.daily.forget(id);
    parts.providers.forget(id);
    parts.schedule.forget(id);
  }
  if (change.alertsChanged) {
    try {
      parts.pipeline.engine.setPolicy(change.next.alerts);
    } catch (error) {
      parts.log(`cannot apply the alert policy: ${describeError(error)}`);
    }
  }
  parts.schedule.apply();
  parts.contactPoints.configChanged();
  void parts.writes.track(parts.providers.loadWebhookTokens());
  parts.changed();
}

async function fetchDailyStats(live: LiveConfig, providers: ProviderRegistry, query: DailyQuery) {
  const source = live.source(query.sourceId);
  if (source?.provider !== 'wmspanel')
    throw new ProviderError('config', `no WMSPanel source "${query.sourceId}"`);
  const client = await providers.wmspanelClient(source);
  return client.dailyStats({ from: query.from, to: query.to, server: query.server });
}

/** A listener that cannot bind says which address and what to change. */
function listenerError(error: unknown, at: { host: string; port: number } | undefined): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (at === undefined || (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL'))
    return error;
  const why =
    code === 'EADDRINUSE'
      ? 'is in use (another Streamtray?)'
      : code === 'EACCES'
        ? 'needs privileges'
        : 'is not an address of this machine';
  return new ConfigError(
    '',
    `webhooks: cannot listen on ${at.host}:${at.port}: it ${why}; set "webhooks.port" in the config (or --webhook-port)`,
  );
}

function startListener(parts: RunningParts, at: { host: string; port: number }): Promise<WebhookListener> {
  return startWebhookListener({
    host: at.host,
    port: at.port,
    tokens: (sourceId) => parts.providers.webhookToken(sourceId),
    alertLog: parts.alertLog,
    now: () => parts.clock.now(),
    onAnswered: parts.metrics.webhookAnswered,
    log: (entry) =>
      parts.log(`webhook ${entry.status}${entry.sourceId ? ` (${entry.sourceId})` : ''}: ${entry.message}`),
  });
}

/** History rollups and retention, every few minutes, one short step at a time. */
function scheduleUpkeep(parts: RunningParts, everyMs: number): { stop(): void } {
  let timer: TimerHandle | null = null;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = parts.clock.setTimeout(() => {
      void parts.writes.track(
        parts.history
          .maintain(parts.clock.now())
          .catch((error: unknown) => parts.log(`history upkeep failed: ${describeError(error)}`))
          .finally(arm),
      );
    }, everyMs);
  };
  arm();
  return {
    stop() {
      stopped = true;
      if (timer !== null) parts.clock.clearTimeout(timer);
    },
  };
}
