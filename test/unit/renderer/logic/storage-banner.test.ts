import { describe, expect, it } from 'vitest';
import { storageBannerText } from '../../../../renderer/logic/storage-banner.ts';

describe('storage banner', () => {
  it('shows nothing while storage works', () => {
    expect(
      storageBannerText({ ok: true, problem: null, store: null, file: null, droppedHistoryWrites: 3 }, 'en'),
    ).toBeNull();
  });

  it('names the failing file and what to do, in the operator language', () => {
    const state = {
      ok: false,
      problem: 'read-only',
      store: 'history',
      file: '/srv/streamtray/history.sqlite',
      droppedHistoryWrites: 7,
    } as const;
    expect(storageBannerText(state, 'en')).toEqual({
      title: 'Chart history cannot be written: the file or its folder is read-only',
      body: '/srv/streamtray/history.sqlite: chart samples are dropped meanwhile. To fix: make the data folder writable again; storing resumes by itself.',
    });
    expect(storageBannerText(state, 'zh-CN')?.title).toBe('图表历史无法写入：文件或所在文件夹为只读');
  });
});
