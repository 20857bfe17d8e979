import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, type SourceCheck } from '../../../../shared/domain.ts';
import { DERIVED_REASONS } from '../../../../shared/alerts.ts';
import { translator } from '../../../../renderer/i18n/translate.ts';
import {
  originWords,
  reasonWords,
  sourceErrorWords,
  subjectWords,
  testAnswerWords,
} from '../../../../renderer/logic/words.ts';

const en = translator('en');
const zh = translator('zh-CN');
const names = (id: string) => ({ pili: 'Qiniu Shanghai' })[id] ?? id;

describe('codes from the core in the operator’s words', () => {
  it('words every reason and origin in both languages, never the raw code', () => {
    for (const t of [en, zh]) {
      for (const reason of DERIVED_REASONS) expect(reasonWords(reason, t)).not.toBe(reason);
      expect(originWords('derived', t)).not.toBe('derived');
      expect(originWords('webhook', t)).not.toBe('webhook');
    }
    expect(reasonWords('unreachable', en)).toBe('Source unreachable');
    expect(reasonWords('stream-online', zh)).toBe('直播流已恢复在线');
    expect(originWords('derived', en)).toBe('Detected by polling');
  });

  it('shows a reason this build does not know as it came, and nothing for none', () => {
    expect(reasonWords('solar-flare', en)).toBe('solar-flare');
    expect(reasonWords(undefined, en)).toBeNull();
  });

  it('frames a provider error with its kind in words', () => {
    for (const kind of ERROR_KINDS)
      expect(sourceErrorWords({ kind, message: 'x' }, 'qiniu', zh)).not.toContain(kind);
    expect(sourceErrorWords({ kind: 'auth', message: 'HTTP 401' }, 'qiniu', en)).toBe(
      'Credentials rejected — Qiniu Pili answered: HTTP 401',
    );
  });

  it('names the source by its display name, never by its id', () => {
    expect(subjectWords('pili', { kind: 'source', name: 'pili' }, names, en)).toBe('Qiniu Shanghai');
    expect(subjectWords('pili', { kind: 'source', name: 'pili bandwidth' }, names, en)).toBe(
      'Total bandwidth · Qiniu Shanghai',
    );
    expect(
      subjectWords('pili', { kind: 'stream', name: 'rtmp://user:pw@edge/live/a?token=x' }, names, en),
    ).toBe('edge/live/a');
  });
});

describe('the answer to a test poll', () => {
  it('says what the provider answered, in either language', () => {
    const ok: SourceCheck = {
      id: 'pili',
      provider: 'qiniu',
      ok: true,
      error: null,
      viewers: 1_204,
      bandwidthBps: 1,
      callsToday: 3,
      streams: [],
    };
    expect(testAnswerWords(ok, en)).toBe('Qiniu Pili answered: OK, 1,204 viewers, 0 streams.');
    const refused: SourceCheck = {
      id: 'pili',
      provider: 'qiniu',
      ok: false,
      callsToday: 3,
      error: { kind: 'auth', message: 'HTTP 401' },
    };
    expect(testAnswerWords(refused, en)).toBe('Qiniu Pili answered: Credentials rejected: HTTP 401');
    expect(testAnswerWords(refused, zh)).toBe('Qiniu Pili 返回：凭据被拒绝：HTTP 401');
  });
});
