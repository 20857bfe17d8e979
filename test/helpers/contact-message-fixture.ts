import type { ContactMessage } from '../../electron/core/notify/contact-message.ts';

/** A stream going offline on a WMSPanel source, as the outbox stores it. */
export function openedMessage(overrides: Partial<ContactMessage> = {}): ContactMessage {
  return {
    id: 'msg_2f1c6a0e-1111-4c9b-8c1e-7d0d1c2b3a4f',
    type: 'incident.opened',
    createdAt: Date.UTC(2025, 0, 6, 12, 0, 5),
    severity: 'critical',
    alertSeverity: 'critical',
    alertKey: 'streamtray-wms-stream-0123456789abcdef01234567',
    resolves: false,
    incidentId: 42,
    source: { id: 'wms', name: 'Main WMSPanel', provider: 'wmspanel' },
    subject: { kind: 'stream', name: 'edge.example.com/live/keynote' },
    title: 'Stream offline on Main WMSPanel',
    body: 'edge.example.com/live/keynote is down — 2,400 watching',
    details: ['Since 2025-01-06 12:00 UTC', 'Viewers when it went down: 2,400'],
    link: 'https://noc.example.com/#/incidents/42',
    openedAt: Date.UTC(2025, 0, 6, 12, 0, 0),
    closedAt: null,
    downtimeSeconds: null,
    viewersAffected: 2400,
    checkpoints: ['eu-west'],
    locale: 'en',
    ...overrides,
  };
}

export function closedMessage(overrides: Partial<ContactMessage> = {}): ContactMessage {
  return openedMessage({
    id: 'msg_9a8b7c6d-2222-4c9b-8c1e-7d0d1c2b3a4f',
    type: 'incident.closed',
    resolves: true,
    title: 'Stream back on Main WMSPanel',
    body: 'edge.example.com/live/keynote is back after 4:12',
    closedAt: Date.UTC(2025, 0, 6, 12, 4, 12),
    downtimeSeconds: 252,
    ...overrides,
  });
}
