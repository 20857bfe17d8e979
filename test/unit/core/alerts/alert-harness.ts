import type { AlertEvent, AlertSubject } from '../../../../shared/alerts.ts';
import { noticeSchema, type Notice } from '../../../../shared/notices.ts';
import { createAlertEngine, type AlertEngine } from '../../../../electron/core/alerts/alert-engine.ts';
import type { AlertPolicyInput } from '../../../../shared/alert-policy.ts';
import { createManualClock, type ManualClock } from '../../../../electron/core/clock.ts';
import { MemoryIncidentStore } from '../../../../electron/core/alerts/memory-incident-store.ts';

/** Monday 2025-01-06 12:00 UTC. */
export const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);

export interface Harness {
  clock: ManualClock;
  store: MemoryIncidentStore;
  engine: AlertEngine;
  notices: Notice[];
  kinds(): string[];
  offline(subject: AlertSubject, extra?: Partial<AlertEvent>): void;
  online(subject: AlertSubject, extra?: Partial<AlertEvent>): void;
}

export const stream = (name: string): AlertSubject => ({ kind: 'stream', name });
export const server = (name: string): AlertSubject => ({ kind: 'server', name });

export function harness(policy?: AlertPolicyInput, start = T0): Harness {
  const clock = createManualClock(start);
  const store = new MemoryIncidentStore();
  const notices: Notice[] = [];
  // Every notice must be valid as it will cross IPC: parse it on the way in.
  const engine = createAlertEngine({
    store,
    clock,
    policy,
    notifier: { notify: (notice) => notices.push(noticeSchema.parse(notice)) },
  });
  let nextId = 1;
  const send =
    (status: AlertEvent['status']) =>
    (subject: AlertSubject, extra: Partial<AlertEvent> = {}) => {
      engine.ingest({
        id: nextId++,
        sourceId: 'wms',
        subject,
        status,
        occurredAt: clock.now(),
        receivedAt: clock.now(),
        origin: 'webhook',
        checkpoints: [],
        ...extra,
      });
    };
  return {
    clock,
    store,
    engine,
    notices,
    kinds: () => notices.map((n) => n.message.kind),
    offline: send('offline'),
    online: send('online'),
  };
}
