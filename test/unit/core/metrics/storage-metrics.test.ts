import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../../shared/bridge.ts';
import { createCoreMetrics } from '../../../../electron/core/metrics/core-metrics.ts';

const snapshot = (storage: Snapshot['storage']): Snapshot => ({
  at: 0,
  paused: false,
  sources: [],
  total: { viewers: null, bandwidthBps: null },
  openIncidents: [],
  storage,
  glance: { viewers: null, bandwidthBps: null, state: 'idle', openIncidents: 0 },
});

async function scrape(storage: Snapshot['storage']): Promise<string> {
  return createCoreMetrics({ snapshot: () => snapshot(storage), processMetrics: false }).scrape();
}

describe('storage metrics', () => {
  it('scrape as 1 while the data files take writes', async () => {
    const text = await scrape({ ok: true, problem: null, store: null, file: null, droppedHistoryWrites: 0 });
    expect(text).toContain('\nstreamtray_storage_ok 1\n');
    expect(text).toContain('\nstreamtray_history_writes_dropped_total 0\n');
  });

  it('scrape as 0 naming the failing store and problem, never the file path', async () => {
    const text = await scrape({
      ok: false,
      problem: 'full',
      store: 'alert-log',
      file: '/home/op/.local/share/streamtray/alerts.sqlite',
      droppedHistoryWrites: 4,
    });
    expect(text).toContain('\nstreamtray_storage_ok{store="alert-log",problem="full"} 0\n');
    expect(text).toContain('\nstreamtray_history_writes_dropped_total 4\n');
    expect(text).not.toContain('/home/op');
  });
});
