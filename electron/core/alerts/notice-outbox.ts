import type { Notice, Notifier, Severity } from '../../../shared/notices.ts';
import type { QuietHoursPolicy } from '../../../shared/alert-policy.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import { createQuietHours } from './quiet-hours.ts';
import { maxSeverity } from './severity.ts';

// The last step before the notifier: during quiet hours notices are held (and handed to `onHeld`, for
// contact points that ignore quiet hours), and when the hours end the operator gets one summary of what
// went down, what came back and what is still down.

export interface IncidentLookup {
  (id: number): { sourceId: string; name: string; open: boolean; severity: Severity } | undefined;
}

export interface NoticeOutbox {
  send(notice: Notice): void;
  /** New quiet hours from a config change; held notices are summarised at once if they now end. */
  setQuietHours(quietHours: QuietHoursPolicy | null): void;
  dispose(): void;
}

const OPENING = new Set<Notice['message']['kind']>(['incident-opened', 'storm-opened', 'storm-grew']);
const CLOSING = new Set<Notice['message']['kind']>(['incident-resolved', 'storm-resolved']);

export function createNoticeOutbox(options: {
  notifier: Notifier;
  /** Hears each notice quiet hours hold back from the notifier. */
  onHeld?: (notice: Notice) => void;
  clock: Clock;
  quietHours: QuietHoursPolicy | null;
  sampleSize: number;
  lookup: IncidentLookup;
  onError: (error: unknown, notice: Notice) => void;
}): NoticeOutbox {
  const { notifier, clock, lookup } = options;
  let quiet = options.quietHours && createQuietHours(options.quietHours);
  let letCriticalThrough = options.quietHours?.letCriticalThrough ?? false;
  let held: Notice[] = [];
  let heldSince = 0;
  let endTimer: TimerHandle | undefined;

  function deliver(notice: Notice): void {
    try {
      notifier.notify(notice);
    } catch (error) {
      // A broken notifier must not lose the engine's state: the incident is recorded either way.
      options.onError(error, notice);
    }
  }

  function armEnd(): void {
    if (!quiet) return;
    const hours = quiet;
    endTimer = clock.setTimeout(() => {
      endTimer = undefined;
      // A clock change (DST, a resumed laptop) may leave us still inside: wait for the real end.
      if (hours.isQuiet(clock.now())) armEnd();
      else summarise();
    }, hours.msUntilEnd(clock.now()));
  }

  function disarm(): void {
    if (endTimer) clock.clearTimeout(endTimer);
    endTimer = undefined;
  }

  function summarise(): void {
    const notices = held;
    held = [];
    if (notices.length === 0) return;
    const opened = new Set<number>();
    const resolved = new Set<number>();
    const touched = new Set<number>();
    let flapping = 0;
    for (const notice of notices) {
      for (const id of notice.incidentIds) {
        touched.add(id);
        if (OPENING.has(notice.message.kind)) opened.add(id);
        if (CLOSING.has(notice.message.kind)) resolved.add(id);
      }
      if (notice.message.kind === 'flapping') flapping += 1;
    }
    const stillDown = [...opened].flatMap((id) => {
      const incident = lookup(id);
      return incident?.open ? [incident] : [];
    });
    const sources = new Set<string>();
    for (const id of touched) {
      const incident = lookup(id);
      if (incident) sources.add(incident.sourceId);
    }
    for (const notice of notices) if ('sourceId' in notice.message) sources.add(notice.message.sourceId);
    deliver({
      message: {
        kind: 'quiet-hours-summary',
        fromMs: heldSince,
        toMs: clock.now(),
        opened: opened.size,
        resolved: resolved.size,
        stillDown: stillDown.length,
        flapping,
        sources: [...sources].sort(),
        sample: stillDown.slice(0, options.sampleSize).map((incident) => incident.name),
      },
      severity: maxSeverity(stillDown.map((incident) => incident.severity)),
      incidentIds: [...touched].sort((a, b) => a - b),
      coalesced: true,
      at: clock.now(),
    });
  }

  return {
    send(notice) {
      const holding = quiet?.isQuiet(clock.now()) && !(letCriticalThrough && notice.severity === 'critical');
      if (!holding) {
        deliver(notice);
        return;
      }
      if (held.length === 0) heldSince = clock.now();
      held.push(notice);
      if (!endTimer) armEnd();
      try {
        options.onHeld?.(notice);
      } catch (error) {
        options.onError(error, notice);
      }
    },
    setQuietHours(quietHours) {
      disarm();
      quiet = quietHours && createQuietHours(quietHours);
      letCriticalThrough = quietHours?.letCriticalThrough ?? false;
      if (held.length === 0) return;
      if (quiet?.isQuiet(clock.now())) armEnd();
      else summarise();
    },
    dispose() {
      disarm();
      held = [];
    },
  };
}
