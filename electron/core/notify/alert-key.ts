import { createHash } from 'node:crypto';
import type { AlertSubject } from '../../../shared/alerts.ts';

// The stable name services that pair a trigger with its resolve (PagerDuty's dedup_key) know an alert by.
// It derives from the subject rather than the incident row, so flapping, its end, the incident and its
// recovery all land on the same alert; one subject has at most one open incident at a time. Hashed,
// because stream names are publishing URLs that may carry tokens.

export function subjectAlertKey(sourceId: string, subject: AlertSubject): string {
  const digest = createHash('sha256')
    .update(`${sourceId}\u0000${subject.kind}\u0000${subject.name}`)
    .digest('hex');
  return `streamtray-${sourceId}-${subject.kind}-${digest.slice(0, 24)}`;
}

/** One storm per source at a time (electron/core/alerts/storm-coalescer.ts). */
export function stormAlertKey(sourceId: string): string {
  return `streamtray-${sourceId}-storm`;
}
