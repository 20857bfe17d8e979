import { collectDefaultMetrics, type Registry } from 'prom-client';

// prom-client's default Node.js process metrics (CPU, memory, heap, event loop lag, GC, file
// descriptors), minus three gauges whose names end in `_total`, a suffix Prometheus reserves for
// counters (`promtool check metrics` flags them). Their per-type series (`nodejs_active_handles{type}`
// and the like) stay, so nothing is lost: `sum(nodejs_active_handles)` is the total.

const MISNAMED_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * The event-loop lag histogram samples every 100 ms rather than prom-client's default 10 ms: each sample
 * wakes the loop, and a `serve` that idles between polls should not wake a hundred times a second.
 */
const EVENT_LOOP_SAMPLE_MS = 100;

export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  for (const name of MISNAMED_GAUGES) if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
}
