import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/alerts.ts';
import { acknowledgeAllOpen } from '../../../electron/shell/acknowledge-all.ts';
import { fakeHandlers } from './fake-handlers.ts';

function incident(id: number, acknowledgedAt: number | null, closedAt: number | null = null): Incident {
  return {
    id,
    sourceId: 'wms',
    subject: { kind: 'stream', name: `cam${id}` },
    openedAt: 1,
    closedAt,
    downtimeMs: closedAt === null ? null : closedAt - 1,
    checkpoints: [],
    acknowledgedAt,
    eventIds: [id],
  };
}

describe('Acknowledge all (tray)', () => {
  it('acknowledges each open incident nobody has acknowledged, and only those', async () => {
    const asked: unknown[] = [];
    const acknowledged: number[] = [];
    const result = await acknowledgeAllOpen(
      fakeHandlers({
        incidents: (request) => {
          asked.push(request);
          return {
            incidents: [incident(1, null), incident(2, 50), incident(3, null), incident(4, null, 99)],
            nextCursor: null,
            counts: { open: 3, closed: 1 },
          };
        },
        acknowledge: ({ incidentId }) => {
          acknowledged.push(incidentId);
          return { incident: null };
        },
      }),
    );
    expect(asked).toEqual([{ open: true }]);
    expect(acknowledged).toEqual([1, 3]);
    expect(result).toEqual({ acknowledged: 2, failures: [] });
  });

  it('keeps going past one that fails, and says which', async () => {
    const acknowledged: number[] = [];
    const result = await acknowledgeAllOpen(
      fakeHandlers({
        incidents: () => ({
          incidents: [incident(1, null), incident(2, null), incident(3, null)],
          nextCursor: null,
          counts: { open: 3, closed: 0 },
        }),
        acknowledge: ({ incidentId }) => {
          if (incidentId === 2) throw new Error('storage full');
          acknowledged.push(incidentId);
          return { incident: null };
        },
      }),
    );
    expect(acknowledged).toEqual([1, 3]);
    expect(result).toEqual({ acknowledged: 2, failures: ['incident 2: storage full'] });
  });
});
