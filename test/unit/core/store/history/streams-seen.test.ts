import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../../electron/core/clock.ts';
import { openHistoryStore, type HistoryStore } from '../../../../../electron/core/store/history/history-store.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const stores: HistoryStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

describe('history: streams seen', () => {
  it('names every stream it holds with the newest time stored for it, in any tier', async () => {
    const history = openHistoryStore({ file: ':memory:', clock: createManualClock(NOW) });
    stores.push(history);
    await history.record('pili', { at: NOW - 120_000, viewers: 5, bandwidthBps: 1, streams: [{ name: 'a', viewers: 2, bandwidthBps: 1 }, { name: 'b', viewers: 3, bandwidthBps: 1 }] });
    await history.record('pili', { at: NOW - 60_000, viewers: 2, bandwidthBps: 1, streams: [{ name: 'a', viewers: 2, bandwidthBps: 1 }] });
    // Ten days back only the 5-minute tier keeps rows.
    await history.backfill('se', 300_000, [{ t: NOW - 10 * 86_400_000, stream: 'old', viewers: 1, bandwidthBps: null }]);
    const seen = history.streamsSeen().sort((x, y) => x.stream.localeCompare(y.stream));
    expect(seen).toEqual([
      { sourceId: 'pili', stream: 'a', lastAt: NOW - 60_000 },
      { sourceId: 'pili', stream: 'b', lastAt: NOW - 120_000 },
      { sourceId: 'se', stream: 'old', lastAt: NOW - 10 * 86_400_000 },
    ]);
  });
});
