import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../../shared/config.ts';
import { checkReportSchema, type LiveReading } from '../../../../shared/domain.ts';
import { runCheck } from '../../../../electron/core/check/run-check.ts';
import { ProviderError } from '../../../../electron/core/errors.ts';
import type { Provider } from '../../../../electron/core/providers/provider.ts';

const sources: SourceConfig[] = [
  { id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'h' },
  { id: 'wms', provider: 'wmspanel', clientId: 'c' },
  { id: 'se', provider: 'scaleengine', apiKey: 'k', cdnId: 1, apps: ['a'] },
];

function fakeProvider(source: SourceConfig, poll: () => Promise<LiveReading>): Provider {
  return { sourceId: source.id, kind: source.provider, poll };
}

describe('runCheck', () => {
  it('reports every source in config order, failures included, and totals only what is known', async () => {
    const readings: Record<string, () => Promise<LiveReading>> = {
      pili: () =>
        Promise.resolve({
          at: 1,
          viewers: 12,
          bandwidthBps: 5_000_000,
          callsToday: 17,
          streams: [{ name: 's1', viewers: 12, bandwidthBps: 5_000_000 }],
        }),
      wms: () =>
        Promise.reject(new ProviderError('auth', 'credentials rejected (HTTP 403)', { status: 403 })),
      se: () => Promise.resolve({ at: 1, viewers: 30, bandwidthBps: null, streams: [] }),
    };
    const calls: Record<string, number> = { pili: 17, wms: 2, se: 0 };
    const report = await runCheck(sources, {
      createProvider: (source) =>
        Promise.resolve(fakeProvider(source, readings[source.id] as () => Promise<LiveReading>)),
      callsToday: (source) => calls[source.id] ?? 0,
    });
    expect(checkReportSchema.parse(report)).toEqual(report);
    expect(report).toEqual({
      sources: [
        {
          id: 'pili',
          provider: 'qiniu',
          ok: true,
          error: null,
          viewers: 12,
          bandwidthBps: 5_000_000,
          callsToday: 17,
          streams: [{ name: 's1', viewers: 12, bandwidthBps: 5_000_000 }],
        },
        {
          id: 'wms',
          provider: 'wmspanel',
          ok: false,
          callsToday: 2,
          error: { kind: 'auth', message: 'credentials rejected (HTTP 403)' },
        },
        {
          id: 'se',
          provider: 'scaleengine',
          ok: true,
          error: null,
          viewers: 30,
          bandwidthBps: null,
          callsToday: 0,
          streams: [],
        },
      ],
      total: { viewers: 42, bandwidthBps: 5_000_000 },
    });
    // The documented key order of `check --json`.
    expect(Object.keys(report.sources[0] ?? {})).toEqual([
      'id',
      'provider',
      'ok',
      'error',
      'viewers',
      'bandwidthBps',
      'callsToday',
      'streams',
    ]);
    expect(Object.keys(report.sources[1] ?? {})).toEqual(['id', 'provider', 'ok', 'callsToday', 'error']);
  });

  it('fails only the source whose client cannot be built (a missing secret), as a config error', async () => {
    const report = await runCheck(sources.slice(0, 2), {
      callsToday: () => 0,
      createProvider: (source) =>
        source.id === 'wms'
          ? Promise.reject(new ProviderError('config', 'no API secret for source "wms"'))
          : Promise.resolve(
              fakeProvider(source, () =>
                Promise.resolve({ at: 1, viewers: null, bandwidthBps: null, streams: [] }),
              ),
            ),
    });
    expect(report.sources.map((source) => (source.ok ? 'ok' : source.error.kind))).toEqual(['ok', 'config']);
    expect(report.total).toEqual({ viewers: null, bandwidthBps: null });
  });

  it('polls the sources concurrently, so one slow provider does not delay the others', async () => {
    const started: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pending = runCheck(sources, {
      callsToday: () => 0,
      createProvider: (source) =>
        Promise.resolve(
          fakeProvider(source, async () => {
            started.push(source.id);
            await gate;
            return { at: 1, viewers: 1, bandwidthBps: 1, streams: [] };
          }),
        ),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started.sort()).toEqual(['pili', 'se', 'wms']);
    release();
    expect((await pending).total).toEqual({ viewers: 3, bandwidthBps: 3 });
  });

  it('passes the cancellation signal to every poll', async () => {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    await runCheck(sources.slice(0, 1), {
      callsToday: () => 0,
      signal: controller.signal,
      createProvider: (source) =>
        Promise.resolve({
          sourceId: source.id,
          kind: source.provider,
          poll: (options) => {
            seen.push(options?.signal);
            return Promise.resolve({ at: 1, viewers: 0, bandwidthBps: 0, streams: [] });
          },
        }),
    });
    expect(seen).toEqual([controller.signal]);
  });
});
