import type { AlertStatus, AlertSubject, DerivedReason } from '../../../../shared/alerts.ts';

/** What a detector observed, before the alert log gives it an id and a receipt time. */
export interface DerivedEvent {
  sourceId: string;
  subject: AlertSubject;
  status: AlertStatus;
  occurredAt: number;
  reason: DerivedReason;
  viewers: number | null;
}

export const streamSubject = (name: string): AlertSubject => ({ kind: 'stream', name });
