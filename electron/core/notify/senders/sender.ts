import type { ContactPoint, ContactPointType } from '../../../../shared/contact-points.ts';
import type { ContactMessage } from '../contact-message.ts';

// What every contact-point type implements: turn one stored message into the service's documented
// request, send it once, and say what the service answered. Retrying is the outbox's job, not a sender's.

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type DeliveryOutcome = 'sent' | 'retry' | 'failed';

export interface SendResult {
  /** `retry`: network error, timeout, 5xx, 429 (or the service's own "slow down"); `failed`: other refusals. */
  outcome: DeliveryOutcome;
  /** HTTP status or SMTP reply code; null when no answer came. */
  status: number | null;
  /** The service's answer as it said it, truncated, with the point's secret blanked out. */
  answer: string;
  /** Why it did not go out; null when sent. */
  error: string | null;
  /** The service asked to wait this long (Retry-After, Telegram's retry_after). */
  retryAfterMs: number | null;
}

export interface SendRequest<P extends ContactPoint = ContactPoint> {
  point: P;
  message: ContactMessage;
  /** The point's `<id>:notify` secret; null when none is stored (optional for some types). */
  secret: string | null;
  signal: AbortSignal;
  fetch: FetchLike;
  /** UTC epoch ms of this attempt (Standard Webhooks timestamps). */
  now: number;
  /** Timeout for one attempt, for transports that take their own (SMTP). */
  timeoutMs: number;
}

export interface Sender<P extends ContactPoint = ContactPoint> {
  readonly type: ContactPointType;
  /** Whether the point cannot deliver at all without its secret. */
  secretRequired(point: P): boolean;
  /** Alert services (PagerDuty, Alertmanager) take only messages that open or close an alert. */
  accepts?(message: ContactMessage): boolean;
  send(request: SendRequest<P>): Promise<SendResult>;
}
