import { Registry } from 'prom-client';
import type { Snapshot } from '../../../shared/bridge.ts';
import type { ContactPointType } from '../../../shared/contact-points.ts';
import type { ErrorKind, ProviderKind } from '../../../shared/domain.ts';
import { registerBuildInfo } from './build-info.ts';
import { registerContactPointMetrics, type ContactPointDelivery } from './contact-point-metrics.ts';
import { registerLiveGauges } from './live-gauges.ts';
import { registerPollErrorMetrics } from './poll-error-metrics.ts';
import { registerProcessMetrics } from './process-metrics.ts';
import { DEFAULT_STREAM_LIMIT } from './stream-cap.ts';
import { registerWebhookMetrics, type WebhookAnswer } from './webhook-metrics.ts';

// Everything `GET /metrics` shows for one running core, in its own prom-client registry (never the
// global one: several cores may run in one process, and each must show only its own counts). Every
// family is listed in docs/prometheus.md.

export interface CoreMetricsOptions {
  snapshot: () => Snapshot;
  /** Types of the configured contact points, whose delivery counters are shown from the start. */
  contactPointTypes?: () => readonly ContactPointType[];
  /** Streams per source with their own `stream` label; the rest are summed as stream="other". */
  streamLimit?: number;
  /** Node.js process metrics (CPU, memory, event loop, GC); on by default. */
  processMetrics?: boolean;
}

export interface CoreMetrics {
  readonly registry: Registry;
  /** The Content-Type header for what `scrape()` returns. */
  readonly contentType: string;
  /** The Prometheus text exposition, read fresh from the core. */
  scrape(): Promise<string>;
  /** A failed poll (the poller's outcome), by kind of failure. */
  readonly pollFailed: (source: { id: string; provider: ProviderKind }, kind: ErrorKind) => void;
  /** The webhook listener's `onAnswered`. */
  readonly webhookAnswered: (answer: WebhookAnswer, seconds: number) => void;
  /** The contact points' `onOutcome`. */
  readonly contactPointOutcome: (delivery: ContactPointDelivery) => void;
}

export function createCoreMetrics(options: CoreMetricsOptions): CoreMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) registerProcessMetrics(registry);
  registerBuildInfo(registry);
  const live = registerLiveGauges(registry, options.streamLimit ?? DEFAULT_STREAM_LIMIT);
  const polls = registerPollErrorMetrics(registry);
  const webhooks = registerWebhookMetrics(registry);
  const contactPoints = registerContactPointMetrics(registry);

  async function scrape(): Promise<string> {
    // One snapshot for every family, so the series of one scrape agree with each other.
    const snapshot = options.snapshot();
    live.update(snapshot);
    polls.update(snapshot);
    contactPoints.update(options.contactPointTypes?.() ?? []);
    return registry.metrics();
  }

  return {
    registry,
    contentType: registry.contentType,
    scrape,
    pollFailed: (source, kind) => polls.failed(source, kind),
    webhookAnswered: (answer, seconds) => webhooks.answered(answer, seconds),
    contactPointOutcome: (delivery) => contactPoints.onOutcome(delivery),
  };
}
