import type { SourceConfig } from '../../../shared/config.ts';
import { sumKnown, type CheckReport, type SourceCheck } from '../../../shared/domain.ts';
import { toSourceError } from '../errors.ts';
import type { Provider } from '../providers/provider.ts';

export interface RunCheckOptions {
  /** Builds the client for a source; a rejection (missing secret, bad baseUrl) fails that source only. */
  createProvider: (source: SourceConfig) => Promise<Provider>;
  /** Calls made today for the source's account, read after its poll. */
  callsToday: (source: SourceConfig) => number;
  signal?: AbortSignal | undefined;
}

async function checkOne(source: SourceConfig, options: RunCheckOptions): Promise<SourceCheck> {
  const provider = await options.createProvider(source);
  const reading = await provider.poll(options.signal ? { signal: options.signal } : {});
  // Key order is part of the `check --json` contract (docs/cli.md).
  return {
    id: source.id,
    provider: source.provider,
    ok: true,
    error: null,
    viewers: reading.viewers,
    bandwidthBps: reading.bandwidthBps,
    callsToday: options.callsToday(source),
    streams: reading.streams.map((stream) => ({
      name: stream.name,
      viewers: stream.viewers,
      bandwidthBps: stream.bandwidthBps,
    })),
  };
}

/**
 * Polls every source once, all at the same time, and reports each one's outcome in config order: one
 * slow or failing provider never hides the others. Totals add up what the healthy sources know, and
 * stay `null` when none of them has the value.
 */
export async function runCheck(
  sources: readonly SourceConfig[],
  options: RunCheckOptions,
): Promise<CheckReport> {
  const outcomes = await Promise.allSettled(sources.map((source) => checkOne(source, options)));
  const checks: SourceCheck[] = outcomes.map((outcome, index) => {
    if (outcome.status === 'fulfilled') return outcome.value;
    const source = sources[index] as SourceConfig;
    return {
      id: source.id,
      provider: source.provider,
      ok: false,
      callsToday: options.callsToday(source),
      error: toSourceError(outcome.reason),
    };
  });
  const healthy = checks.filter((check) => check.ok);
  return {
    sources: checks,
    total: {
      viewers: sumKnown(healthy.map((check) => check.viewers)),
      bandwidthBps: sumKnown(healthy.map((check) => check.bandwidthBps)),
    },
  };
}
