import { describe, expect, it } from 'vitest';
import { describeNotice } from '../../../../shared/i18n/describe-notice.ts';
import type { Notice, NoticeMessage } from '../../../../shared/notices.ts';

const pili = () => 'Pili';

function notice(message: NoticeMessage): Notice {
  return { message, severity: 'critical', incidentIds: [1], coalesced: false, at: 0 };
}

function opened(reason: string, name: string): Notice {
  return notice({
    kind: 'incident-opened',
    sourceId: 'pili',
    subject: { kind: 'source', name },
    viewers: null,
    checkpoints: [],
    reason,
  });
}

describe('notices about a whole source say what is wrong with it', () => {
  it('reads rejected credentials as "Credentials rejected on Pili", not as the source being down', () => {
    const en = describeNotice(opened('auth', 'pili'), 'en', { sourceName: pili });
    expect(en.title).toBe('Credentials rejected on Pili');
    expect(`${en.title} ${en.body}`).not.toMatch(/offline|is down/);
    expect(describeNotice(opened('auth', 'pili'), 'zh-CN', { sourceName: pili }).title).toBe(
      'Pili 拒绝了凭据',
    );
  });

  it('reads a bandwidth cap as over the cap, and its end as back under it', () => {
    const en = describeNotice(opened('bandwidth-cap', 'pili bandwidth'), 'en', { sourceName: pili });
    expect(en).toEqual({ title: 'Bandwidth over the cap on Pili', body: 'Total bandwidth is over the cap' });
    const back = notice({
      kind: 'incident-resolved',
      sourceId: 'pili',
      subject: { kind: 'source', name: 'pili bandwidth' },
      downtimeMs: 252_000,
    });
    expect(describeNotice(back, 'en', { sourceName: pili })).toEqual({
      title: 'Bandwidth back under the cap on Pili',
      body: 'Over the cap for 4:12',
    });
    expect(describeNotice(back, 'zh-CN', { sourceName: pili }).title).toBe('Pili 带宽已回到上限以内');
  });

  it('says an unreachable source cannot be reached', () => {
    expect(describeNotice(opened('unreachable', 'pili'), 'en', { sourceName: pili }).title).toBe(
      'Pili cannot be reached',
    );
  });

  it('still words a stream outage as a stream going offline', () => {
    const stream = notice({
      kind: 'incident-opened',
      sourceId: 'pili',
      subject: { kind: 'stream', name: 's1' },
      viewers: 3,
      checkpoints: [],
      reason: 'vanished',
    });
    expect(describeNotice(stream, 'en', { sourceName: pili }).title).toBe('Stream offline on Pili');
  });
});
