import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/alerts.ts';
import type { SourceSnapshot } from '../../../../shared/bridge.ts';
import { missingFromTotal, openIncidentsOn } from '../../../../renderer/logic/totals.ts';

function source(id: string, patch: Partial<SourceSnapshot> = {}): SourceSnapshot {
  return {
    id,
    name: `Name of ${id}`,
    provider: 'qiniu',
    state: 'scheduled',
    viewers: 10,
    bandwidthBps: 1e6,
    streams: [],
    lastSuccessAt: 1_000,
    lastError: null,
    lastErrorAt: null,
    staleMs: 1_000,
    stale: false,
    callsToday: 1,
    ...patch,
  };
}

describe('totals that say what they leave out', () => {
  it('count as complete when every source has fresh data', () => {
    expect(missingFromTotal([source('a'), source('b')])).toEqual([]);
  });

  it('name each stale, held, failing or never-polled source with why it is missing', () => {
    const missing = missingFromTotal([
      source('fresh'),
      source('old', { stale: true }),
      source('held', {
        stale: true,
        state: 'held',
        lastError: { kind: 'auth', message: 'HTTP 401' },
        lastErrorAt: 2_000,
      }),
      source('down', {
        stale: true,
        state: 'backoff',
        lastError: { kind: 'network', message: 'refused' },
        lastErrorAt: 2_000,
      }),
      source('new', { lastSuccessAt: null, staleMs: null, viewers: null }),
    ]);
    expect(missing).toEqual([
      { id: 'old', name: 'Name of old', reason: 'stale' },
      { id: 'held', name: 'Name of held', reason: 'held' },
      { id: 'down', name: 'Name of down', reason: 'error' },
      { id: 'new', name: 'Name of new', reason: 'no-data' },
    ]);
  });

  it('warn on a source card while any of its servers or streams is down', () => {
    const open: Incident = {
      id: 1,
      sourceId: 'a',
      subject: { kind: 'server', name: 'edge1' },
      openedAt: 0,
      closedAt: null,
      downtimeMs: null,
      checkpoints: [],
      acknowledgedAt: null,
      eventIds: [1],
    };
    expect(openIncidentsOn('a', [open])).toEqual([open]);
    expect(openIncidentsOn('b', [open])).toEqual([]);
  });
});
