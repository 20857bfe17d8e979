import { describe, expect, it } from 'vitest';
import { alertPolicySchema } from '../../../../shared/alert-policy.ts';
import type { AlertEvent } from '../../../../shared/alerts.ts';
import { MemoryIncidentStore } from '../../../../electron/core/alerts/memory-incident-store.ts';
import {
  createIncidentHandlers,
  incidentDetail,
} from '../../../../electron/core/bridge/incident-handlers.ts';
import type { LoggedEvent } from '../../../../electron/core/store/alert-log.ts';

const SUBJECT = { kind: 'stream', name: 'rtmp://edge1/live/keynote' } as const;

function event(id: number, status: AlertEvent['status'], at: number, viewers: number | null): LoggedEvent {
  return {
    id,
    sourceId: 'wms',
    subject: SUBJECT,
    status,
    occurredAt: at,
    receivedAt: at,
    origin: 'webhook',
    checkpoints: status === 'offline' ? ['Frankfurt'] : [],
    viewers,
    delivery: null,
  };
}

function setUp(criticalViewers = 1_000) {
  const incidents = new MemoryIncidentStore();
  const log = [
    event(1, 'offline', 60_000, 1_500),
    event(2, 'offline', 90_000, null),
    event(3, 'online', 660_000, null),
  ];
  const opened = incidents.open({
    sourceId: 'wms',
    subject: SUBJECT,
    openedAt: 60_000,
    checkpoints: ['Frankfurt'],
    eventId: 1,
  });
  incidents.attach(opened.id, { eventId: 2 });
  const ctx = {
    incidents,
    events: () => log,
    engine: { isFlapping: () => false },
    config: () => ({ alerts: alertPolicySchema.parse({ severity: { criticalViewers } }) }),
  };
  return { ctx, incidents, opened };
}

describe('one incident on its own page', () => {
  it('names the audience it took down and the viewer-minutes lost while it lasts', () => {
    const { ctx, opened } = setUp();
    const detail = incidentDetail(ctx, opened.id, 60_000 + 4 * 60_000);
    expect(detail?.events.map((one) => one.id)).toEqual([1, 2]);
    expect(detail?.audience).toBe(1_500);
    expect(detail?.viewerMinutesLost).toBe(6_000);
    expect(detail?.severity).toBe('critical');
    expect(detail?.events[0]).not.toHaveProperty('delivery');
  });

  it('counts the recorded downtime once it is closed, whatever the time now', () => {
    const { ctx, incidents, opened } = setUp(5_000);
    incidents.close(opened.id, { closedAt: 660_000, eventId: 3 });
    const detail = incidentDetail(ctx, opened.id, 99_000_000);
    expect(detail?.viewerMinutesLost).toBe(15_000);
    expect(detail?.severity).toBe('warning');
    expect(detail?.events.map((one) => one.status)).toEqual(['offline', 'offline', 'online']);
  });

  it('answers null for an incident that does not exist', async () => {
    const { ctx } = setUp();
    expect(await createIncidentHandlers(ctx).incident({ id: 99 })).toEqual({ detail: null });
  });

  it('pages the list and turns a bad cursor into a config error naming it', async () => {
    const { ctx } = setUp();
    const handlers = createIncidentHandlers(ctx);
    expect(await handlers.incidents({ limit: 1 })).toMatchObject({
      nextCursor: null,
      counts: { open: 1, closed: 0 },
    });
    expect(() => handlers.incidents({ cursor: 'nope' })).toThrow(/cursor "nope"/);
  });
});
