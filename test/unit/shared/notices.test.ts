import { describe, expect, it } from 'vitest';
import { DERIVED_REASONS } from '../../../shared/alerts.ts';
import { describeNotice } from '../../../shared/i18n/describe-notice.ts';
import {
  LOCALES,
  NOTICE_KINDS,
  noticeSchema,
  type Notice,
  type NoticeKind,
  type NoticeMessage,
} from '../../../shared/notices.ts';

const cam = { kind: 'stream', name: 'rtmp://example.com/live/cam1' } as const;

// One realistic message of every kind; the Record type makes a new kind without an example a type error.
const EXAMPLES: Record<NoticeKind, NoticeMessage> = {
  'incident-opened': {
    kind: 'incident-opened',
    sourceId: 'wms',
    subject: cam,
    viewers: 12_345,
    checkpoints: ['New York, USA'],
    reason: 'vanished',
  },
  'incident-resolved': { kind: 'incident-resolved', sourceId: 'wms', subject: cam, downtimeMs: 252_000 },
  'storm-opened': {
    kind: 'storm-opened',
    sourceId: 'wms',
    subjectKinds: 'stream',
    count: 5_000,
    sample: ['edge-eu', 'edge-us', 'edge-ap'],
  },
  'storm-grew': {
    kind: 'storm-grew',
    sourceId: 'wms',
    subjectKinds: 'server',
    count: 1_200,
    added: 1_100,
    sample: ['edge-1', 'edge-2', 'edge-3'],
  },
  'storm-resolved': {
    kind: 'storm-resolved',
    sourceId: 'wms',
    subjectKinds: 'stream',
    count: 4_990,
    stillDown: 10,
    longestDowntimeMs: 3_723_000,
    sample: ['edge-eu', 'edge-us', 'edge-ap'],
  },
  flapping: { kind: 'flapping', sourceId: 'wms', subject: cam, toggles: 5, windowMs: 600_000 },
  'flapping-ended': {
    kind: 'flapping-ended',
    sourceId: 'wms',
    subject: cam,
    status: 'offline',
    stableMs: 300_000,
  },
  'quiet-hours-summary': {
    kind: 'quiet-hours-summary',
    fromMs: 0,
    toMs: 32_400_000,
    opened: 1_234,
    resolved: 1_000,
    stillDown: 234,
    flapping: 2,
    sources: ['wms', 'pili'],
    sample: ['edge-eu', 'edge-us', 'edge-ap'],
  },
  'storage-fault': {
    kind: 'storage-fault',
    problem: 'full',
    store: 'alert-log',
    file: '/var/lib/streamtray/alerts.sqlite',
  },
  'storage-recovered': {
    kind: 'storage-recovered',
    store: 'history',
    file: '/var/lib/streamtray/history.sqlite',
    droppedHistoryWrites: 1_234,
  },
};

const notice = (message: NoticeMessage): Notice => ({
  message,
  severity: 'warning',
  incidentIds: [1],
  coalesced: false,
  at: 0,
});

describe('describeNotice', () => {
  it('has an example for every kind', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...NOTICE_KINDS].sort());
  });

  for (const locale of LOCALES) {
    for (const kind of NOTICE_KINDS) {
      it(`words ${kind} in ${locale} with every number formatted and nothing left blank`, () => {
        const text = describeNotice(notice(EXAMPLES[kind]), locale);
        for (const part of [text.title, text.body]) {
          expect(part.trim().length).toBeGreaterThan(0);
          expect(part).not.toMatch(/undefined|null|NaN|\[object|\{|\}/);
          // Thousands are grouped: no raw 4+ digit runs.
          expect(part).not.toMatch(/\d{4}/);
        }
      });
    }
  }

  it('words a storm as the operator reads it, in both languages', () => {
    const storm = notice(EXAMPLES['storm-opened']);
    expect(describeNotice(storm, 'en')).toEqual({
      title: '5,000 streams offline on wms',
      body: 'edge-eu, edge-us, edge-ap, …',
    });
    expect(describeNotice(storm, 'zh-CN')).toEqual({
      title: 'wms 上 5,000 路直播流离线',
      body: 'edge-eu、edge-us、edge-ap、…',
    });
  });

  it('gives the downtime as m:ss, or h:mm:ss past the hour', () => {
    expect(describeNotice(notice(EXAMPLES['incident-resolved']), 'en').body).toBe(
      'example.com/live/cam1 is back after 4:12',
    );
    expect(describeNotice(notice(EXAMPLES['incident-resolved']), 'zh-CN').body).toBe(
      'example.com/live/cam1 离线 4:12 后恢复',
    );
    expect(describeNotice(notice(EXAMPLES['storm-resolved']), 'en').body).toBe(
      'Down for up to 1:02:03 — edge-eu, edge-us, edge-ap, …. 10 still offline',
    );
    const blip = notice({ ...EXAMPLES['incident-resolved'], downtimeMs: 5_000 } as NoticeMessage);
    expect(describeNotice(blip, 'en').body).toBe('example.com/live/cam1 is back after 0:05');
  });

  it('words derived reasons and audience, and uses the display name of a source', () => {
    const opened = notice(EXAMPLES['incident-opened']);
    expect(describeNotice(opened, 'en', { sourceName: () => 'Main WMSPanel' })).toEqual({
      title: 'Stream offline on Main WMSPanel',
      body: 'example.com/live/cam1 is down — 12,345 watching; it vanished from the live list; failed from New York, USA',
    });
    expect(describeNotice(opened, 'zh-CN').body).toBe(
      'example.com/live/cam1 已离线：12,345 名观众在看；已从直播列表中消失；检测点 New York, USA 检测失败',
    );
  });

  it('words every reason a detector can give, in every locale, never echoing the raw key', () => {
    for (const reason of DERIVED_REASONS) {
      for (const locale of LOCALES) {
        const text = describeNotice(notice({ ...EXAMPLES['incident-opened'], reason } as NoticeMessage), locale);
        // The raw key would stand alone between the separators when a locale has no words for it.
        expect(text.body.split(/[;；：—]/).map((part) => part.trim())).not.toContain(reason);
      }
    }
  });

  it('round-trips every example through the notice schema (they cross IPC)', () => {
    for (const kind of NOTICE_KINDS) {
      const value = notice(EXAMPLES[kind]);
      expect(noticeSchema.parse(JSON.parse(JSON.stringify(value)))).toEqual(value);
    }
    expect(noticeSchema.safeParse({ ...notice(EXAMPLES.flapping), severity: 'loud' }).success).toBe(false);
  });

  it('names the failing file and what to do about it, in both languages', () => {
    const full = notice(EXAMPLES['storage-fault']);
    expect(describeNotice(full, 'en')).toEqual({
      title: 'Alert log cannot be written: the disk is full',
      body: '/var/lib/streamtray/alerts.sqlite: webhook deliveries are refused with 503 so WMSPanel retries them. To fix: free some space; storing resumes by itself.',
    });
    expect(describeNotice(full, 'zh-CN').body).toContain('/var/lib/streamtray/alerts.sqlite');
    expect(describeNotice(full, 'zh-CN').body).toContain('请释放磁盘空间');
    const corrupt = notice({ ...EXAMPLES['storage-fault'], problem: 'corrupt' } as NoticeMessage);
    expect(describeNotice(corrupt, 'en').body).toMatch(/move the file aside or restore a copy/);
    expect(describeNotice(corrupt, 'zh-CN').body).toMatch(/移走或用备份替换/);
    expect(describeNotice(notice(EXAMPLES['storage-recovered']), 'en').body).toBe(
      '/var/lib/streamtray/history.sqlite accepts writes again; 1,234 chart samples were dropped meanwhile',
    );
  });

  it('never shows a token carried in a stream URL', () => {
    const subject = {
      kind: 'stream',
      name: 'rtmp://publisher:s3cretPass@example.com/live/cam1?token=abc123secret#x',
    } as const;
    for (const locale of LOCALES) {
      const text = describeNotice(
        notice({ ...EXAMPLES['incident-resolved'], subject } as NoticeMessage),
        locale,
      );
      expect(`${text.title} ${text.body}`).toContain('example.com/live/cam1');
      expect(`${text.title} ${text.body}`).not.toMatch(/s3cretPass|abc123secret|publisher/);
    }
  });
});
