import { describe, expect, it } from 'vitest';
import type { Notice } from '../../../../shared/notices.ts';
import {
  composeMessage,
  type ComposeContext,
  type OpenedAlert,
} from '../../../../electron/core/notify/compose-message.ts';
import { stormAlertKey, subjectAlertKey } from '../../../../electron/core/notify/alert-key.ts';

// How each engine notice becomes a contact-point message: its type, whether it closes an alert, and the
// key services that pair trigger and resolve know it by.

const AT = Date.UTC(2025, 0, 6, 12, 0, 0);
const SUBJECT = { kind: 'server' as const, name: 'edge1.example.com' };

function context(opened: Record<string, OpenedAlert> = {}, publicUrl: string | null = null): ComposeContext {
  return {
    locale: 'en',
    now: AT,
    sourceName: (id) => (id === 'wms' ? 'Main' : undefined),
    provider: (id) => (id === 'wms' ? 'wmspanel' : null),
    incident: () => undefined,
    opened: (key) => opened[key],
    publicUrl,
  };
}

function notice(
  message: Notice['message'],
  severity: Notice['severity'] = 'critical',
  incidentIds = [9],
): Notice {
  return { message, severity, incidentIds, coalesced: message.kind !== 'incident-opened', at: AT };
}

describe('composeMessage', () => {
  it('pairs an incident and its recovery under one subject key, keeping the opening severity', () => {
    const key = subjectAlertKey('wms', SUBJECT);
    const open = composeMessage(
      notice({
        kind: 'incident-opened',
        sourceId: 'wms',
        subject: SUBJECT,
        viewers: null,
        checkpoints: [],
        reason: null,
      }),
      context(),
    );
    expect(open).toMatchObject({
      type: 'incident.opened',
      alertKey: key,
      resolves: false,
      severity: 'critical',
    });
    const close = composeMessage(
      notice({ kind: 'incident-resolved', sourceId: 'wms', subject: SUBJECT, downtimeMs: 90_000 }, 'warning'),
      context({ [key]: { severity: 'critical', viewers: 300, openedAt: AT - 90_000 } }),
    );
    expect(close).toMatchObject({
      type: 'incident.closed',
      alertKey: key,
      resolves: true,
      severity: 'critical',
      downtimeSeconds: 90,
      viewersAffected: 300,
    });
    expect(close.details).toEqual([
      'Since 2025-01-06 11:58 UTC',
      'Viewers when it went down: 300',
      'Downtime: 1:30',
      'Viewer-minutes lost: 450',
    ]);
  });

  it('keys a subject without its publishing credentials, and never shows them', () => {
    const subject = { kind: 'stream' as const, name: 'rtmp://user:pass@edge/live/cam?token=SECRET' };
    const message = composeMessage(
      notice({
        kind: 'incident-opened',
        sourceId: 'wms',
        subject,
        viewers: 5,
        checkpoints: [],
        reason: null,
      }),
      context(),
    );
    expect(message.alertKey).toMatch(/^streamtray-wms-stream-[0-9a-f]{24}$/);
    expect(JSON.stringify(message)).not.toMatch(/SECRET|pass@/);
  });

  it('sends storm growth as an update of the open storm, and resolves it only once nothing is down', () => {
    const key = stormAlertKey('wms');
    const grew = composeMessage(
      notice({
        kind: 'storm-grew',
        sourceId: 'wms',
        subjectKinds: 'stream',
        count: 40,
        added: 10,
        sample: ['a'],
      }),
      context(),
    );
    expect(grew).toMatchObject({ type: 'storm.opened', alertKey: key, resolves: false });
    const partly = composeMessage(
      notice({
        kind: 'storm-resolved',
        sourceId: 'wms',
        subjectKinds: 'stream',
        count: 30,
        stillDown: 10,
        longestDowntimeMs: 60_000,
        sample: ['a'],
      }),
      context(),
    );
    expect(partly).toMatchObject({ type: 'storm.closed', resolves: false });
    const all = composeMessage(
      notice({
        kind: 'storm-resolved',
        sourceId: 'wms',
        subjectKinds: 'stream',
        count: 40,
        stillDown: 0,
        longestDowntimeMs: 60_000,
        sample: ['a'],
      }),
      context(),
    );
    expect(all).toMatchObject({ type: 'storm.closed', resolves: true, downtimeSeconds: 60 });
  });

  it('treats flapping as an open alert on the subject, settled online as its recovery', () => {
    const key = subjectAlertKey('wms', SUBJECT);
    expect(
      composeMessage(
        notice(
          { kind: 'flapping', sourceId: 'wms', subject: SUBJECT, toggles: 6, windowMs: 600_000 },
          'warning',
        ),
        context(),
      ),
    ).toMatchObject({ type: 'incident.opened', alertKey: key, resolves: false });
    expect(
      composeMessage(
        notice({
          kind: 'flapping-ended',
          sourceId: 'wms',
          subject: SUBJECT,
          status: 'online',
          stableMs: 300_000,
        }),
        context(),
      ),
    ).toMatchObject({ type: 'incident.closed', alertKey: key, resolves: true });
    expect(
      composeMessage(
        notice({
          kind: 'flapping-ended',
          sourceId: 'wms',
          subject: SUBJECT,
          status: 'offline',
          stableMs: 300_000,
        }),
        context(),
      ),
    ).toMatchObject({ type: 'incident.opened', resolves: false });
  });

  it('words a quiet-hours summary for people, with no alert key for alert services', () => {
    const summary = composeMessage(
      notice(
        {
          kind: 'quiet-hours-summary',
          fromMs: AT - 8 * 3_600_000,
          toMs: AT,
          opened: 4,
          resolved: 3,
          stillDown: 1,
          flapping: 0,
          sources: ['wms'],
          sample: ['edge1'],
        },
        'critical',
        [1, 2, 3, 4],
      ),
      context({}, 'https://noc.example.com/streamtray/'),
    );
    expect(summary).toMatchObject({
      type: 'storm.opened',
      alertKey: null,
      title: 'While you were in quiet hours',
      link: 'https://noc.example.com/streamtray/#/incidents',
    });
  });

  it("links an incident to its page on the dashboard's public URL", () => {
    const message = composeMessage(
      notice(
        {
          kind: 'incident-opened',
          sourceId: 'wms',
          subject: SUBJECT,
          viewers: null,
          checkpoints: [],
          reason: null,
        },
        'critical',
        [123],
      ),
      context({}, 'https://noc.example.com'),
    );
    expect(message.link).toBe('https://noc.example.com/#/incidents/123');
  });
});
