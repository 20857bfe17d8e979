import { Counter, type Registry } from 'prom-client';
import type { Snapshot } from '../../../shared/bridge.ts';
import { ERROR_KINDS, type ErrorKind, type ProviderKind } from '../../../shared/domain.ts';

// Failed polls per source and kind of failure (auth, network, timeout, upstream …), so a team can alert
// on "credentials rejected" apart from "provider having a bad minute". Every kind of every configured
// source is shown from the start (as 0), so `rate()` and `increase()` work from the first failure.

type Label = 'source' | 'provider' | 'kind';

export interface PollErrorMetrics {
  failed(source: { id: string; provider: ProviderKind }, kind: ErrorKind): void;
  /** Shows every kind of every current source; drops the series of sources no longer configured. */
  update(snapshot: Snapshot): void;
}

export function registerPollErrorMetrics(registry: Registry): PollErrorMetrics {
  const counter = new Counter<Label>({
    name: 'streamtray_poll_errors_total',
    help: 'Failed polls of a source since start, by kind of failure.',
    labelNames: ['source', 'provider', 'kind'],
    registers: [registry],
  });
  /** Source id → provider of each source that has series. */
  const shown = new Map<string, ProviderKind>();

  function show(source: string, provider: ProviderKind): void {
    if (shown.get(source) === provider) return;
    const before = shown.get(source);
    if (before !== undefined)
      for (const kind of ERROR_KINDS) counter.remove({ source, provider: before, kind });
    for (const kind of ERROR_KINDS) counter.inc({ source, provider, kind }, 0);
    shown.set(source, provider);
  }

  return {
    failed(source, kind) {
      show(source.id, source.provider);
      counter.inc({ source: source.id, provider: source.provider, kind });
    },
    update(snapshot) {
      const current = new Set(snapshot.sources.map((s) => s.id));
      for (const [source, provider] of shown) {
        if (current.has(source)) continue;
        for (const kind of ERROR_KINDS) counter.remove({ source, provider, kind });
        shown.delete(source);
      }
      for (const source of snapshot.sources) show(source.id, source.provider);
    },
  };
}
