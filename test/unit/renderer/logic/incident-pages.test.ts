import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/alerts.ts';
import type { BridgeRequest } from '../../../../shared/bridge.ts';
import { pageIncidents } from '../../../../electron/core/bridge/incident-page.ts';
import { loadClosed } from '../../../../renderer/logic/incident-pages.ts';

function closed(id: number): Incident {
  return {
    id,
    sourceId: 'pili',
    subject: { kind: 'stream', name: `s${id}` },
    openedAt: id * 10,
    closedAt: id * 10 + 5,
    downtimeMs: 5,
    checkpoints: [],
    acknowledgedAt: null,
    eventIds: [id],
  };
}

const ALL = Array.from({ length: 1_234 }, (_, index) => closed(index + 1));

function server() {
  const asked: BridgeRequest<'incidents'>[] = [];
  const fetchPage = (request: BridgeRequest<'incidents'>) => {
    asked.push(request);
    return Promise.resolve(pageIncidents(ALL, request));
  };
  return { asked, fetchPage };
}

describe('closed incidents, page by page', () => {
  it('shows the newest fifty first and says more are there', async () => {
    const { fetchPage } = server();
    const loaded = await loadClosed(fetchPage, 50);
    expect(loaded.incidents.map((one) => one.id).slice(0, 3)).toEqual([1_234, 1_233, 1_232]);
    expect(loaded.incidents).toHaveLength(50);
    expect(loaded.nextCursor).not.toBeNull();
    expect(loaded.counts).toEqual({ open: 0, closed: 1_234 });
  });

  it('keeps every row the operator opened, beyond one server page, without repeats', async () => {
    const { asked, fetchPage } = server();
    const loaded = await loadClosed(fetchPage, 1_100);
    expect(asked.map((request) => request.limit)).toEqual([500, 500, 100]);
    expect(new Set(loaded.incidents.map((one) => one.id)).size).toBe(1_100);
  });

  it('stops at the end of the list', async () => {
    const { fetchPage } = server();
    const loaded = await loadClosed(fetchPage, 5_000);
    expect(loaded.incidents).toHaveLength(1_234);
    expect(loaded.nextCursor).toBeNull();
  });
});
