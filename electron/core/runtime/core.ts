import type { AlertEvent, Incident } from '../../../shared/alerts.ts';
import type { BridgeEventListener, BridgeHandlers, Snapshot } from '../../../shared/bridge.ts';
import type { Config, SourceConfig } from '../../../shared/config.ts';
import type { Notice, Notifier, Severity } from '../../../shared/notices.ts';
import { createAlertEngine, type AlertEngine } from '../alerts/alert-engine.ts';
import type { AlertPolicyInput } from '../../../shared/alert-policy.ts';
import { severityOf } from '../alerts/severity.ts';
import { runCheck } from '../check/run-check.ts';
import { realClock, type Clock, type TimerHandle } from '../clock.ts';
import { ConfigError } from '../config/config-error.ts';
import type { ConfigStore } from '../config/config-store.ts';
import { ProviderError } from '../errors.ts';
import { fetchHttpClient, type HttpClient } from '../http/http-client.ts';
import { Poller, type PollOutcome, type PollTarget } from '../poller/poller.ts';
import { createProvider, createWmspanelClient } from '../providers/create-provider.ts';
import type { Provider } from '../providers/provider.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';
import type { HistoryStore } from '../store/history/history-store.ts';
import { openAlertLog, withoutDelivery, type AlertCandidate, type AlertLog } from '../store/alert-log.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import {
  startWebhookListener,
  type WebhookListener,
  type WebhookLogEntry,
} from '../webhooks/webhook-listener.ts';
import { createAggregator } from './aggregator.ts';
import { createBridgeHandlers } from '../bridge/bridge-handlers.ts';
import { createCallCounter } from './call-counter.ts';
import { createDailyCache } from './daily-cache.ts';
import type { DerivedEvent } from './detectors/derived-event.ts';
import { createDetectors } from './detectors/detectors.ts';
import { metricsText } from '../metrics/metrics.ts';

// The composition root: config → providers → poller → history, detectors → alert log → engine → notices,
// aggregator → Snapshot → subscribers, and the Bridge handlers over all of it. Runs unchanged inside
// Electron's main process and inside `streamtray serve`.

export interface CoreOptions {
  config: Config;
  /** Where sources and settings edits are written (the same file the CLI reads). */
  configStore: ConfigStore;
  vault: SecretVault;
  dataDir: string;
  clock?: Clock;
  http?: HttpClient;
  /** Notices also go here (the shell's native notifications, serve's stdout). */
  notifier?: Notifier;
  /** Opens the local history; without it charts are empty and nothing is kept across restarts. */
  openHistory?: (dataDir: string) => HistoryStore | Promise<HistoryStore>;
  /** Fills a source's chart window from the provider's own history after a gap (first start included). */
  /** Fills the charts from the provider's own history; `previousAt` is the newest stored time before the poll. */
  backfill?: (input: {
    source: SourceConfig;
    provider: Provider;
    history: HistoryStore;
    now: number;
    previousAt: number | null;
    /** Streams in the poll that found the gap, to size the request. */
    streams: number;
  }) => Promise<void>;
  /** Starts the webhook listener on this host and port (0: any free port). */
  webhooks?: { host: string; port: number } | undefined;
  alertPolicy?: AlertPolicyInput;
  /** Snapshot events at most this often (default 1 s). */
  snapshotEveryMs?: number;
  maintainEveryMs?: number;
  /** Faults worth the operator's attention (never secrets). */
  log?: (message: string) => void;
  random?: () => number;
}

export interface Core {
  readonly handlers: BridgeHandlers;
  subscribe(listener: BridgeEventListener): () => void;
  snapshot(): Snapshot;
  metrics(): string;
  /** `http://host:port` of the webhook listener, when started. */
  readonly webhookOrigin: string | null;
  readonly alertLog: AlertLog;
  readonly engine: AlertEngine;
  /**
   * Settles once every write started so far (history, alert log) is committed and the alert engine has
   * seen every stored event.
   */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const QINIU_MIN_INTERVAL_MS = 60_000;
const DEFAULT_MAINTAIN_MS = 5 * 60_000;

export function pollIntervalOf(source: SourceConfig, config: Config): number {
  const ms = config.pollIntervalSeconds * 1000;
  // Pili's statistics refresh once a minute: polling faster only spends calls.
  return source.provider === 'qiniu' ? Math.max(ms, QINIU_MIN_INTERVAL_MS) : ms;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the core on `options.dataDir`, which it locks for as long as it runs: throws DataDirBusyError
 * when another live process runs a core on the same directory.
 */
export async function startCore(options: CoreOptions): Promise<Core> {
  const lock = lockDataDir(options.dataDir);
  try {
    return await startLockedCore(options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startLockedCore(options: CoreOptions, lock: DataDirLock): Promise<Core> {
  const clock = options.clock ?? realClock;
  const log = options.log ?? ((message: string) => console.error(message));
  const baseHttp = options.http ?? fetchHttpClient;
  const counter = createCallCounter(clock);
  const aggregator = createAggregator();
  const listeners = new Set<BridgeEventListener>();
  const pending = new Set<Promise<unknown>>();
  const pollErrors = new Map<string, number>();
  /** Audience behind each open incident's subject, for severity in the glance. */
  const incidentViewers = new Map<number, number | null>();
  let config = options.config;
  let detectors = createDetectors(config.detectors);
  let stopped = false;

  const alertLog = openAlertLog(options.dataDir);
  const history = options.openHistory ? await options.openHistory(options.dataDir) : null;

  /** Until every write is committed and the engine has seen every stored event (which may derive more). */
  async function settle(): Promise<void> {
    for (;;) {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      alertLog.drainToConsumer();
      if (pending.size === 0) return;
    }
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise);
    const done = () => pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  const emit: BridgeEventListener = (name, payload) => {
    for (const listener of listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        log(`a Bridge event listener failed on "${name}": ${describe(error)}`);
      }
    }
  };

  const engine = createAlertEngine({
    store: alertLog.incidents,
    clock,
    ...(options.alertPolicy ? { policy: options.alertPolicy } : {}),
    notifier: {
      notify(notice: Notice) {
        options.notifier?.notify(notice);
        emit('notice', notice);
      },
    },
  });
  const criticalViewers = engine.policy.severity.criticalViewers;
  const severityOfIncident = (incident: Incident): Severity =>
    severityOf(incident.subject, incidentViewers.get(incident.id) ?? null, criticalViewers);

  // ── Providers, one per source, rebuilt when its config or secrets change ─────────────────────────

  const providers = new Map<string, { fingerprint: string; provider: Promise<Provider> }>();
  const secretGeneration = new Map<string, number>();
  const webhookTokens = new Map<string, string | undefined>();
  const fingerprintOf = (source: SourceConfig) =>
    `${JSON.stringify(source)}#${secretGeneration.get(source.id) ?? 0}#${config.requestTimeoutSeconds}`;
  const providerOptions = (sourceId: string) => ({
    timeoutMs: config.requestTimeoutSeconds * 1000,
    http: counter.wrap(sourceId, baseHttp),
    now: () => clock.now(),
  });

  function providerFor(source: SourceConfig): Promise<Provider> {
    const fingerprint = fingerprintOf(source);
    const cached = providers.get(source.id);
    if (cached?.fingerprint === fingerprint) return cached.provider;
    const provider = createProvider(source, options.vault, providerOptions(source.id));
    // A missing secret is retried on the next change, not remembered forever.
    provider.catch(() => {
      if (providers.get(source.id)?.provider === provider) providers.delete(source.id);
    });
    providers.set(source.id, { fingerprint, provider });
    return provider;
  }

  async function loadWebhookTokens(): Promise<void> {
    const next = new Map<string, string | undefined>();
    for (const source of config.sources) {
      if (source.provider !== 'wmspanel') continue;
      try {
        next.set(source.id, (await options.vault.get(source.id, 'webhook')) ?? undefined);
      } catch (error) {
        log(`cannot read the webhook token of source "${source.id}": ${describe(error)}`);
        next.set(source.id, undefined);
      }
    }
    webhookTokens.clear();
    for (const [id, token] of next) webhookTokens.set(id, token);
  }

  // ── Alerts: derived and webhook events → alert log → engine ───────────────────────────────────────

  // Every stored event, webhook and derived, a moment after its commit (see AlertLog.onStored).
  function ingest(events: readonly AlertEvent[]): void {
    if (stopped || events.length === 0) return;
    const changes = engine.ingestMany(events);
    const byId = new Map(events.map((event) => [event.id, event]));
    for (const incident of changes.opened) {
      // An incident's first event is the one that opened it.
      const opener = byId.get(incident.eventIds[0] ?? -1);
      incidentViewers.set(incident.id, opener?.viewers ?? null);
      emit('incident', incident);
    }
    for (const incident of changes.closed) {
      incidentViewers.delete(incident.id);
      emit('incident', incident);
    }
    // A stream coming back on a server that was reported offline means the server is back: that
    // recovery follows as a derived event of its own.
    if (events.some((e) => e.origin === 'webhook' && e.subject.kind === 'stream' && e.status === 'online')) {
      const webhookEvents = events.filter((e) => e.origin === 'webhook');
      appendDerived(detectors.onWebhookEvents(engine.openIncidents(), webhookEvents));
    }
    scheduleSnapshot();
  }

  function appendDerived(events: readonly DerivedEvent[]): void {
    if (events.length === 0 || stopped) return;
    const receivedAt = clock.now();
    const candidates: AlertCandidate[] = events.map((event) => ({
      sourceId: event.sourceId,
      subject: event.subject,
      status: event.status,
      occurredAt: event.occurredAt,
      receivedAt,
      origin: 'derived',
      checkpoints: [],
      reason: event.reason,
      viewers: event.viewers,
      delivery: null,
    }));
    void track(
      alertLog
        .append(candidates)
        .catch((error: unknown) => log(`cannot store derived alerts: ${describe(error)}`)),
    );
  }

  // ── Polling ────────────────────────────────────────────────────────────────────────────────────────

  function onOutcome(outcome: PollOutcome): void {
    if (stopped) return;
    const source = config.sources.find((s) => s.id === outcome.sourceId);
    if (!source) return;
    if (outcome.ok) {
      aggregator.record(outcome.sourceId, outcome.reading);
      if (history) {
        const previous = history.latestAt(outcome.sourceId);
        void track(
          history
            .record(outcome.sourceId, outcome.reading)
            .catch((error: unknown) =>
              log(`cannot store the reading of source "${outcome.sourceId}": ${describe(error)}`),
            ),
        );
        // First success since start, or after a gap: fill the chart from the provider's own history.
        const gap = previous === null || outcome.at - previous > 3 * pollIntervalOf(source, config);
        if (gap && options.backfill) {
          const backfill = options.backfill;
          void track(
            providerFor(source)
              .then((provider) =>
                backfill({
                  source,
                  provider,
                  history,
                  now: clock.now(),
                  previousAt: previous,
                  streams: outcome.reading.streams.length,
                }),
              )
              .catch((error: unknown) => log(`backfill of source "${source.id}" failed: ${describe(error)}`)),
          );
        }
      }
    } else {
      pollErrors.set(outcome.sourceId, (pollErrors.get(outcome.sourceId) ?? 0) + 1);
    }
    appendDerived(detectors.onPoll(source.provider, outcome));
    scheduleSnapshot();
  }

  const poller = new Poller({ clock, onOutcome, ...(options.random ? { random: options.random } : {}) });

  function targets(): PollTarget[] {
    return config.sources.map((source) => ({
      id: source.id,
      intervalMs: pollIntervalOf(source, config),
      fingerprint: fingerprintOf(source),
      poll: async (signal) => (await providerFor(source)).poll({ signal }),
    }));
  }

  function applyConfig(next: Config): void {
    const before = new Map(config.sources.map((s) => [s.id, JSON.stringify(s)]));
    config = next;
    detectors = createDetectorsKeeping(next, before);
    for (const [id, text] of before) {
      const now = next.sources.find((s) => s.id === id);
      if (now && JSON.stringify(now) === text) continue;
      aggregator.forget(id);
      daily.forget(id);
      providers.delete(id);
    }
    poller.setSources(targets());
    void track(loadWebhookTokens());
    scheduleSnapshot();
  }

  // Thresholds can change with the config; detector state is per source, so only a changed `detectors`
  // section starts them afresh.
  let detectorsText = JSON.stringify(config.detectors);
  function createDetectorsKeeping(
    next: Config,
    before: Map<string, string>,
  ): ReturnType<typeof createDetectors> {
    const text = JSON.stringify(next.detectors);
    if (text !== detectorsText) {
      detectorsText = text;
      return createDetectors(next.detectors);
    }
    for (const [id, sourceText] of before) {
      const now = next.sources.find((s) => s.id === id);
      if (!now || JSON.stringify(now) !== sourceText) detectors.forget(id);
    }
    return detectors;
  }

  // ── WMSPanel daily stats, cached ───────────────────────────────────────────────────────────────────

  const daily = createDailyCache({
    clock,
    fetch: async (query) => {
      const source = config.sources.find((s) => s.id === query.sourceId);
      if (source?.provider !== 'wmspanel')
        throw new ProviderError('config', `no WMSPanel source "${query.sourceId}"`);
      const client = await createWmspanelClient(source, options.vault, providerOptions(source.id));
      return client.dailyStats({ from: query.from, to: query.to, server: query.server });
    },
  });

  // ── Snapshot events, throttled ─────────────────────────────────────────────────────────────────────

  const snapshotEveryMs = options.snapshotEveryMs ?? 1000;
  let snapshotTimer: TimerHandle | null = null;
  let lastSnapshotAt = Number.NEGATIVE_INFINITY;

  function snapshot(): Snapshot {
    return aggregator.snapshot({
      at: clock.now(),
      paused: poller.paused,
      sources: config.sources.map((source) => ({
        config: source,
        intervalMs: pollIntervalOf(source, config),
      })),
      status: (id) => poller.status(id),
      callsToday: (id) => counter.callsToday(id),
      openIncidents: engine.openIncidents(),
      severityOf: severityOfIncident,
    });
  }

  function sendSnapshot(): void {
    snapshotTimer = null;
    if (stopped) return;
    lastSnapshotAt = clock.now();
    if (listeners.size > 0) emit('snapshot', snapshot());
  }

  function scheduleSnapshot(): void {
    if (stopped || snapshotTimer !== null) return;
    const wait = Math.max(0, lastSnapshotAt + snapshotEveryMs - clock.now());
    snapshotTimer = clock.setTimeout(sendSnapshot, wait);
  }

  // ── History upkeep ─────────────────────────────────────────────────────────────────────────────────

  const maintainEveryMs = options.maintainEveryMs ?? DEFAULT_MAINTAIN_MS;
  let maintainTimer: TimerHandle | null = null;
  function scheduleMaintain(): void {
    if (!history || stopped) return;
    maintainTimer = clock.setTimeout(() => {
      void track(
        history
          .maintain(clock.now())
          .catch((error: unknown) => log(`history upkeep failed: ${describe(error)}`))
          .finally(scheduleMaintain),
      );
    }, maintainEveryMs);
  }

  // ── Webhook listener ───────────────────────────────────────────────────────────────────────────────

  // Set last, when everything it touches exists: events a crash kept from the engine are replayed now.
  alertLog.onStored(ingest, (error) => log(`the alert engine failed on stored events: ${describe(error)}`));
  await loadWebhookTokens();
  let webhookListener: WebhookListener | null = null;
  if (options.webhooks) {
    webhookListener = await startWebhookListener({
      host: options.webhooks.host,
      port: options.webhooks.port,
      tokens: (sourceId) => (webhookTokens.has(sourceId) ? webhookTokens.get(sourceId) : null),
      alertLog,
      now: () => clock.now(),
      log: (entry: WebhookLogEntry) =>
        log(`webhook ${entry.status}${entry.sourceId ? ` (${entry.sourceId})` : ''}: ${entry.message}`),
    });
  }

  // ── Bridge ─────────────────────────────────────────────────────────────────────────────────────────

  const handlers = createBridgeHandlers({
    snapshot,
    series: (request) => history?.series(request) ?? [],
    dailyStats: (source, from, to, server) => daily.get({ sourceId: source.id, from, to, server }),
    incidents: alertLog.incidents,
    events: (filter) => alertLog.list(filter),
    engine,
    vault: options.vault,
    config: () => config,
    updateConfig(mutate) {
      let written: Config;
      try {
        written = options.configStore.update((current) => mutate(current));
      } catch (error) {
        if (error instanceof ConfigError) throw new ProviderError('config', error.message);
        throw error;
      }
      applyConfig(written);
      return Promise.resolve(written);
    },
    async secretsChanged(sourceId) {
      secretGeneration.set(sourceId, (secretGeneration.get(sourceId) ?? 0) + 1);
      providers.delete(sourceId);
      daily.forget(sourceId);
      await loadWebhookTokens();
      poller.setSources(targets());
    },
    async testSource(source) {
      const report = await runCheck([source], {
        createProvider: (s) => createProvider(s, options.vault, providerOptions(s.id)),
      });
      const check = report.sources[0];
      if (!check) throw new Error('testSource: no result');
      return check;
    },
    setPaused(paused) {
      if (paused) poller.pause();
      else poller.resume();
      scheduleSnapshot();
    },
    paused: () => poller.paused,
    refresh: (sourceId) => poller.refresh(sourceId),
    streams: {
      snapshot,
      config: () => config,
      history,
      events: (filter) => alertLog.list(filter).map(withoutDelivery),
      incidents: alertLog.incidents,
      provider: (sourceId) => {
        const source = config.sources.find((s) => s.id === sourceId);
        if (!source) return Promise.reject(new ProviderError('config', `no source with id "${sourceId}"`));
        return providerFor(source);
      },
      now: () => clock.now(),
    },
  });

  poller.setSources(targets());
  poller.start();
  scheduleMaintain();

  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot,
    metrics: () => metricsText({ snapshot: snapshot(), pollErrors: (id) => pollErrors.get(id) ?? 0 }),
    webhookOrigin: webhookListener?.origin ?? null,
    alertLog,
    engine,
    idle: settle,
    async stop() {
      if (stopped) return;
      poller.stop();
      // Listeners first: nothing new arrives while the last writes commit.
      await webhookListener?.close();
      await settle();
      stopped = true;
      if (snapshotTimer !== null) clock.clearTimeout(snapshotTimer);
      if (maintainTimer !== null) clock.clearTimeout(maintainTimer);
      listeners.clear();
      engine.dispose();
      history?.close();
      alertLog.close();
      lock.release();
    },
  };
}
