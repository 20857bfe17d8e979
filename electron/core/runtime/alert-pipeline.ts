import type { AlertEvent, Incident } from '../../../shared/alerts.ts';
import type { BridgeEventListener } from '../../../shared/bridge.ts';
import type { AlertPolicy } from '../../../shared/alert-policy.ts';
import type { Notice, Notifier, Severity } from '../../../shared/notices.ts';
import { createAlertEngine, type AlertEngine } from '../alerts/alert-engine.ts';
import { severityOf } from '../alerts/severity.ts';
import type { Clock } from '../clock.ts';
import type { AlertCandidate, AlertLog } from '../store/alert-log.ts';
import type { DerivedEvent } from './detectors/derived-event.ts';
import type { Detectors } from './detectors/detectors.ts';
import { describeError, type PendingWrites } from './pending-writes.ts';

// The alerts' way through the core: webhook and derived events are committed to the alert log, the log
// hands them to the engine a moment later, the engine opens and closes incidents and sends notices, and
// the notices go to the host's notifier (desktop, stdout), to Bridge subscribers and onward.

export interface NoticeSink {
  /** `held`: quiet hours kept it from the desktop; only sinks that ignore quiet hours act on it. */
  notify(notice: Notice, held: boolean): void;
}

export interface AlertPipelineOptions {
  alertLog: AlertLog;
  clock: Clock;
  policy: AlertPolicy;
  detectors: () => Detectors;
  writes: PendingWrites;
  emit: BridgeEventListener;
  /** The host's own notifier: native notifications in the app, stdout in `serve`. */
  hostNotifier?: Notifier | undefined;
  /** Further receivers of every notice (contact points). */
  sinks?: readonly NoticeSink[];
  /** Incidents changed: the snapshot should follow. */
  onChange: () => void;
  log: (message: string) => void;
}

export class AlertPipeline {
  readonly engine: AlertEngine;
  readonly #options: AlertPipelineOptions;
  /** Audience behind each open incident's subject, for severity in the glance. */
  readonly #incidentViewers = new Map<number, number | null>();
  #stopped = false;

  constructor(options: AlertPipelineOptions) {
    this.#options = options;
    this.engine = createAlertEngine({
      store: options.alertLog.incidents,
      clock: options.clock,
      policy: options.policy,
      notifier: { notify: (notice) => this.#deliver(notice, false) },
      onHeld: (notice) => this.#deliver(notice, true),
      onNotifierError: (error, notice) =>
        options.log(`a notifier failed on a ${notice.message.kind} notice: ${describeError(error)}`),
    });
  }

  /** Starts the engine reading the log: events a crash kept from it are handed over now. */
  start(): void {
    this.#options.alertLog.onStored(
      (events) => this.#ingest(events),
      (error) => this.#options.log(`the alert engine failed on stored events: ${describeError(error)}`),
    );
  }

  severityOf(incident: Incident): Severity {
    const viewers = this.#incidentViewers.get(incident.id) ?? null;
    return severityOf(incident.subject, viewers, this.engine.policy.severity.criticalViewers);
  }

  /** Stores derived observations (a stream vanished, a source unreachable) as events of their own. */
  appendDerived(events: readonly DerivedEvent[]): void {
    if (events.length === 0 || this.#stopped) return;
    const receivedAt = this.#options.clock.now();
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
    void this.#options.writes.track(
      this.#options.alertLog
        .append(candidates)
        .catch((error: unknown) => this.#options.log(`cannot store derived alerts: ${describeError(error)}`)),
    );
  }

  stop(): void {
    this.#stopped = true;
    this.engine.dispose();
  }

  #deliver(notice: Notice, held: boolean): void {
    if (!held) {
      this.#options.hostNotifier?.notify(notice);
      this.#options.emit('notice', notice);
    }
    for (const sink of this.#options.sinks ?? []) {
      try {
        sink.notify(notice, held);
      } catch (error) {
        this.#options.log(`a notice sink failed on a ${notice.message.kind} notice: ${describeError(error)}`);
      }
    }
  }

  /** Every stored event, webhook and derived, a moment after its commit. */
  #ingest(events: readonly AlertEvent[]): void {
    if (this.#stopped || events.length === 0) return;
    const changes = this.engine.ingestMany(events);
    const byId = new Map(events.map((event) => [event.id, event]));
    for (const incident of changes.opened) {
      // An incident's first event is the one that opened it.
      const opener = byId.get(incident.eventIds[0] ?? -1);
      this.#incidentViewers.set(incident.id, opener?.viewers ?? null);
      this.#options.emit('incident', incident);
    }
    for (const incident of changes.closed) {
      this.#incidentViewers.delete(incident.id);
      this.#options.emit('incident', incident);
    }
    // A stream coming back on a server reported offline means the server is back: that recovery follows
    // as a derived event of its own.
    const webhookEvents = events.filter((event) => event.origin === 'webhook');
    if (webhookEvents.some((event) => event.subject.kind === 'stream' && event.status === 'online')) {
      this.appendDerived(
        this.#options.detectors().onWebhookEvents(this.engine.openIncidents(), webhookEvents),
      );
    }
    this.#options.onChange();
  }
}
