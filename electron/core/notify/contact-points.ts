import { randomUUID } from 'node:crypto';
import type { Incident } from '../../../shared/alerts.ts';
import type { Config } from '../../../shared/config.ts';
import type { ContactPoint, ContactPointType } from '../../../shared/contact-points.ts';
import type { Locale, Notice } from '../../../shared/notices.ts';
import type { ContactPointView, ContactTestResult, DeliveryView } from '../../../shared/notify-status.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';
import { composeMessage, composeReminder, composeTest, type MessageDraft } from './compose-message.ts';
import type { ContactMessage } from './contact-message.ts';
import { deliverOnce } from './deliver-once.ts';
import { openOutboxStore, type OutboxStore } from './outbox-store.ts';
import { createPointQueue, type PointQueue } from './point-queue.ts';
import { routes } from './routing.ts';
import { senderFor } from './senders/registry.ts';
import type { DeliveryOutcome, FetchLike } from './senders/sender.ts';

// Contact points: where notices go beyond this desktop (docs/contact-points.md). A notice is worded once,
// committed to the durable outbox as one message per point that wants it, and each point's own queue
// delivers it; reminders for open critical incidents come from the same outbox.

export interface ContactPointsOptions {
  dataDir: string;
  config: () => Config;
  vault: SecretVault;
  clock: Clock;
  log: (message: string) => void;
  incident: (id: number) => Incident | undefined;
  openIncidents: () => Incident[];
  /** The operator's language, already resolved from `system`. */
  locale: () => Locale;
  sourceName: (sourceId: string) => string | undefined;
  onOutcome?: (outcome: { type: ContactPointType; outcome: DeliveryOutcome }) => void;
  fetch?: FetchLike;
  random?: () => number;
  /** How long close() lets an attempt in flight finish before aborting it (default 2 s). */
  closeGraceMs?: number;
}

export interface ContactPoints {
  /** `held`: quiet hours kept it from the desktop; only points that ignore quiet hours hear it. */
  notify(notice: Notice, held: boolean): void;
  views(): Promise<ContactPointView[]>;
  recent(pointId: string, limit: number): DeliveryView[];
  /** Sends a `test` message at once (not through the outbox) and returns the service's answer. */
  test(pointId: string): Promise<ContactTestResult>;
  /** The `notify` section (or the secrets) changed: new points start, removed ones stop. */
  configChanged(): void;
  close(): Promise<void>;
}

const KEEP_FINISHED_MS = 14 * 24 * 3_600_000;
const MAX_UNCOMMITTED = 10_000;
/** How deliverOnce words a secret it could not find or read (a retry is worth it once one is stored). */
const SECRET_ERRORS = ['no secret for contact point', 'cannot read the secret of contact point'];
const PRUNE_EVERY_MS = 6 * 3_600_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function newMessageId(): string {
  return `msg_${randomUUID()}`;
}

export function createContactPoints(options: ContactPointsOptions): ContactPoints {
  const { clock, log } = options;
  const random = options.random ?? Math.random;
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const queues = new Map<string, PointQueue>();
  /** Each point's config as last seen, to retry a waiting message at once when it is edited. */
  const pointTexts = new Map(options.config().notify.map((point) => [point.id, JSON.stringify(point)]));
  /** Messages a failing disk kept from the outbox: committed as soon as it works again. */
  let uncommitted: { pointId: string; message: ContactMessage }[] = [];
  let commitTimer: TimerHandle | null = null;
  let store: OutboxStore | null = null;
  let reminderTimer: TimerHandle | null = null;
  let pruneTimer: TimerHandle | null = null;
  let closed = false;

  try {
    store = openOutboxStore(options.dataDir);
  } catch (error) {
    log(`cannot open the contact-point outbox; contact points are off until restart: ${describe(error)}`);
  }

  const pointById = (id: string): ContactPoint | undefined =>
    options.config().notify.find((p) => p.id === id);
  const timeoutMs = () => options.config().requestTimeoutSeconds * 1000;

  function guarded<T>(what: string, work: (db: OutboxStore) => T): T | undefined {
    if (!store) return undefined;
    try {
      return work(store);
    } catch (error) {
      log(`contact points: cannot ${what}: ${describe(error)}`);
      return undefined;
    }
  }

  function queueFor(pointId: string): PointQueue | undefined {
    if (!store || closed) return undefined;
    let queue = queues.get(pointId);
    if (!queue) {
      queue = createPointQueue({
        pointId,
        store,
        clock,
        random,
        log,
        point: () => pointById(pointId),
        attempt: (point, message, signal) =>
          deliverOnce(point, message, {
            vault: options.vault,
            fetch: fetchFn,
            timeoutMs: timeoutMs(),
            now: clock.now(),
            signal,
          }),
        ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
      });
      queues.set(pointId, queue);
    }
    return queue;
  }

  function providerOf(sourceId: string): string | null {
    return options.config().sources.find((s) => s.id === sourceId)?.provider ?? null;
  }

  function draftFor(notice: Notice, db: OutboxStore): MessageDraft {
    return composeMessage(notice, {
      locale: options.locale(),
      now: clock.now(),
      sourceName: options.sourceName,
      provider: providerOf,
      incident: options.incident,
      opened: (key) => db.opened(key),
      publicUrl: options.config().dashboard.publicUrl,
    });
  }

  function remember(draft: MessageDraft, db: OutboxStore): void {
    if (draft.alertKey === null) return;
    if (draft.resolves) db.forgetOpened(draft.alertKey);
    else if (draft.type === 'incident.opened' || draft.type === 'storm.opened')
      db.rememberOpened(draft.alertKey, {
        severity: draft.severity,
        viewers: draft.viewersAffected,
        openedAt: draft.openedAt ?? draft.createdAt,
      });
  }

  function updateReminders(
    notice: Notice,
    entries: { pointId: string; message: ContactMessage }[],
    db: OutboxStore,
  ): void {
    const incidentId = notice.incidentIds[0];
    if (incidentId === undefined) return;
    if (notice.message.kind === 'incident-resolved') {
      for (const point of options.config().notify) db.deleteReminder(point.id, incidentId);
      return;
    }
    if (notice.message.kind !== 'incident-opened' || notice.severity !== 'critical') return;
    for (const { pointId, message } of entries) {
      const repeat = pointById(pointId)?.repeatMinutes ?? 0;
      if (repeat > 0) db.setReminder(pointId, incidentId, clock.now() + repeat * 60_000, message);
    }
  }

  function notify(notice: Notice, held: boolean): void {
    if (closed) return;
    flushUncommitted();
    const draft = guarded('word a notice for contact points', (db) => draftFor(notice, db));
    if (!draft) return;
    const entries = options
      .config()
      .notify.filter(
        (point) => routes(point, notice, held) && senderFor(point).accepts?.({ ...draft, id: '' }) !== false,
      )
      .map((point) => ({ pointId: point.id, message: { ...draft, id: newMessageId() } }));
    const committed = guarded('commit a notice for contact points', (db) => {
      db.enqueue(entries);
      return true;
    });
    if (!committed) {
      keepUncommitted(entries);
      return;
    }
    guarded('remember an alert', (db) => {
      remember(draft, db);
      updateReminders(notice, entries, db);
    });
    for (const entry of entries) queueFor(entry.pointId)?.kick();
    scheduleReminders();
  }

  // Nothing already accepted is lost to a full or failing disk: held in memory (bounded) and committed
  // when the outbox takes writes again.
  function keepUncommitted(entries: { pointId: string; message: ContactMessage }[]): void {
    uncommitted.push(...entries);
    if (uncommitted.length > MAX_UNCOMMITTED) {
      log(
        `contact points: dropping ${uncommitted.length - MAX_UNCOMMITTED} messages the outbox could not take`,
      );
      uncommitted = uncommitted.slice(-MAX_UNCOMMITTED);
    }
    if (commitTimer === null && !closed) commitTimer = clock.setTimeout(flushUncommitted, 30_000);
  }

  function flushUncommitted(): void {
    if (commitTimer !== null) clock.clearTimeout(commitTimer);
    commitTimer = null;
    if (uncommitted.length === 0 || closed) return;
    const entries = uncommitted;
    uncommitted = [];
    const committed = guarded('commit held messages', (db) => {
      db.enqueue(entries);
      return true;
    });
    if (!committed) {
      keepUncommitted(entries);
      return;
    }
    for (const id of new Set(entries.map((entry) => entry.pointId))) queueFor(id)?.kick();
  }

  // ── Reminders ────────────────────────────────────────────────────────────────────────────────────

  function scheduleReminders(): void {
    if (closed) return;
    const at = guarded('read reminders', (db) => db.nextReminderAt());
    if (reminderTimer !== null) clock.clearTimeout(reminderTimer);
    reminderTimer = null;
    if (at === null || at === undefined) return;
    reminderTimer = clock.setTimeout(sendDueReminders, Math.max(0, at - clock.now()));
  }

  function sendDueReminders(): void {
    reminderTimer = null;
    if (closed) return;
    const kicked = new Set<string>();
    guarded('send reminders', (db) => {
      const now = clock.now();
      const open = new Map(options.openIncidents().map((incident) => [incident.id, incident]));
      for (const due of db.dueReminders(now)) {
        const point = pointById(due.pointId);
        const incident = open.get(due.incidentId);
        if (!point || point.repeatMinutes === 0 || !incident || incident.acknowledgedAt !== null) {
          db.deleteReminder(due.pointId, due.incidentId);
          continue;
        }
        const reminder: ContactMessage = {
          ...composeReminder(due.opening, options.locale(), now),
          id: newMessageId(),
        };
        db.enqueue([{ pointId: point.id, message: reminder }]);
        // After a restart that missed several, one reminder now and the next a full period later.
        db.setReminder(point.id, due.incidentId, now + point.repeatMinutes * 60_000, due.opening);
        kicked.add(point.id);
      }
    });
    for (const id of kicked) queueFor(id)?.kick();
    scheduleReminders();
  }

  // ── Upkeep ───────────────────────────────────────────────────────────────────────────────────────

  function prune(): void {
    pruneTimer = null;
    if (closed) return;
    guarded('prune old deliveries', (db) => db.prune(clock.now() - KEEP_FINISHED_MS));
    pruneTimer = clock.setTimeout(prune, PRUNE_EVERY_MS);
  }

  function configChanged(): void {
    if (closed) return;
    const points = options.config().notify;
    const ids = new Set(points.map((point) => point.id));
    const now = clock.now();
    for (const point of points) {
      const text = JSON.stringify(point);
      const edited = pointTexts.has(point.id) && pointTexts.get(point.id) !== text;
      pointTexts.set(point.id, text);
      // An edited point, or a secret that may just have been stored, deserves a try now, not in minutes.
      guarded('reschedule a waiting message', (db) =>
        db.retryNow(point.id, now, edited ? undefined : SECRET_ERRORS),
      );
    }
    for (const id of pointTexts.keys()) if (!ids.has(id)) pointTexts.delete(id);
    for (const [id, queue] of queues) {
      if (ids.has(id)) continue;
      queues.delete(id);
      void queue.close(0);
    }
    for (const id of ids) queueFor(id)?.kick();
    scheduleReminders();
  }

  // Messages a restart interrupted go out now, in their order.
  for (const id of guarded('read the outbox', (db) => db.pointsWithWork()) ?? []) queueFor(id)?.kick();
  prune();
  scheduleReminders();

  return {
    notify,
    async views() {
      const points = options.config().notify;
      return Promise.all(
        points.map(async (point): Promise<ContactPointView> => {
          let secretSet: boolean | null;
          try {
            const secret = await options.vault.get(point.id, 'notify');
            secretSet = secret !== null && secret !== '';
          } catch {
            secretSet = null;
          }
          const counts = guarded('count deliveries', (db) => db.counts(point.id)) ?? {
            pending: 0,
            failed: 0,
          };
          const last = guarded('read deliveries', (db) => db.recent(point.id, 1))?.[0] ?? null;
          return {
            point,
            secretSet,
            secretRequired: senderFor(point).secretRequired(point),
            pending: counts.pending,
            failed: counts.failed,
            lastDelivery: last,
          };
        }),
      );
    },
    recent(pointId, limit) {
      return guarded('read deliveries', (db) => db.recent(pointId, limit)) ?? [];
    },
    async test(pointId) {
      const point = pointById(pointId);
      if (!point)
        return { ok: false, status: null, answer: '', error: `no contact point "${pointId}" in the config` };
      const config = options.config();
      const message: ContactMessage = {
        ...composeTest(point.name ?? point.id, options.locale(), clock.now(), config.dashboard.publicUrl),
        id: newMessageId(),
      };
      const result = await deliverOnce(point, message, {
        vault: options.vault,
        fetch: fetchFn,
        timeoutMs: timeoutMs(),
        now: clock.now(),
      });
      return {
        ok: result.outcome === 'sent',
        status: result.status,
        answer: result.answer,
        error: result.error,
      };
    },
    configChanged,
    async close() {
      if (closed) return;
      closed = true;
      if (reminderTimer !== null) clock.clearTimeout(reminderTimer);
      if (pruneTimer !== null) clock.clearTimeout(pruneTimer);
      if (commitTimer !== null) clock.clearTimeout(commitTimer);
      if (uncommitted.length > 0)
        log(`contact points: ${uncommitted.length} messages could not be committed before stopping`);
      await Promise.all([...queues.values()].map((queue) => queue.close(options.closeGraceMs ?? 2_000)));
      queues.clear();
      try {
        store?.close();
      } catch (error) {
        log(`contact points: cannot close the outbox: ${describe(error)}`);
      }
      store = null;
    },
  };
}
