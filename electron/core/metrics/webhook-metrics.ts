import { Counter, Histogram, type Registry } from 'prom-client';

// What the webhook listener answered WMSPanel, and how fast. A delivery WMSPanel sees refused is one it
// will not send again, so each refusal reason is its own outcome; the latency histogram is what keeps
// the listener honest about its 5 ms target under load (docs/prometheus.md).

/** The listener's answers, by the HTTP status it sends for each. */
const OUTCOME_BY_STATUS = {
  400: 'invalid_body',
  401: 'bad_digest',
  403: 'refused',
  404: 'unknown_source',
  405: 'wrong_method',
  413: 'too_large',
  415: 'wrong_content_type',
  429: 'rate_limited',
  503: 'unavailable',
} as const;

export const WEBHOOK_OUTCOMES = [
  'accepted',
  'duplicate',
  ...Object.values(OUTCOME_BY_STATUS),
  'error',
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/** One answer of the listener: its status, and for a 204 whether the event had been stored before. */
export interface WebhookAnswer {
  status: number;
  duplicate: boolean;
}

export function webhookOutcome({ status, duplicate }: WebhookAnswer): WebhookOutcome {
  if (status >= 200 && status < 300) return duplicate ? 'duplicate' : 'accepted';
  return status in OUTCOME_BY_STATUS ? OUTCOME_BY_STATUS[status as keyof typeof OUTCOME_BY_STATUS] : 'error';
}

/** Upper bounds in seconds around the listener's 5 ms p99 target, up to a stalled disk. */
export const WEBHOOK_LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

export interface WebhookMetrics {
  /** Pass to the webhook listener as its `onAnswered` option. */
  answered(answer: WebhookAnswer, seconds: number): void;
}

export function registerWebhookMetrics(registry: Registry): WebhookMetrics {
  const deliveries = new Counter<'outcome'>({
    name: 'streamtray_webhook_deliveries_total',
    help: 'Requests the webhook listener answered since start, by outcome (accepted, duplicate, or why it refused).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'streamtray_webhook_response_duration_seconds',
    help: 'Time from a webhook request arriving to its answer being sent, in seconds.',
    buckets: WEBHOOK_LATENCY_BUCKETS,
    registers: [registry],
  });
  // Every outcome from the start, as 0: `rate()` and `increase()` work from the first delivery.
  for (const outcome of WEBHOOK_OUTCOMES) deliveries.inc({ outcome }, 0);
  return {
    answered(answer, seconds) {
      deliveries.inc({ outcome: webhookOutcome(answer) });
      latency.observe(seconds);
    },
  };
}
