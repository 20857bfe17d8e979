import { describe, expect, it } from 'vitest';
import { describeNotice } from '../../../../shared/i18n/describe-notice.ts';
import { noticeSchema } from '../../../../shared/notices.ts';
import { StorageError } from '../../../../electron/core/store/storage-error.ts';
import {
  createStorageHealth,
  type StorageHealthChange,
} from '../../../../electron/core/store/storage-health.ts';
import { storageNotice } from '../../../../electron/core/store/storage-notice.ts';

// The operator hears of a storage fault once when it starts and once when it ends, however many writes
// fail in between; the alert log's fault is the one shown while both stores fail.

const full = (store: 'alert-log' | 'history', file: string) =>
  new StorageError('full', store, file, 'database or disk is full');

describe('storage health', () => {
  it('tells of a fault once, however many writes fail, and of the recovery once', () => {
    const health = createStorageHealth();
    const changes: StorageHealthChange[] = [];
    health.onChange((change) => changes.push(change));
    for (let i = 0; i < 50; i += 1) health.failed(full('alert-log', '/d/alerts.sqlite'));
    health.worked('alert-log');
    health.worked('alert-log');
    expect(changes.map((c) => c.kind)).toEqual(['fault', 'recovered']);
  });

  it('tells again when the same file fails in a new way', () => {
    const health = createStorageHealth();
    const changes: StorageHealthChange[] = [];
    health.onChange((change) => changes.push(change));
    health.failed(full('alert-log', '/d/alerts.sqlite'));
    health.failed(
      new StorageError('read-only', 'alert-log', '/d/alerts.sqlite', 'attempt to write a readonly database'),
    );
    expect(changes.map((c) => (c.kind === 'fault' ? c.error.problem : c.kind))).toEqual([
      'full',
      'read-only',
    ]);
  });

  it('shows the alert log first while both stores fail, then history until it works too', () => {
    const health = createStorageHealth();
    health.failed(full('history', '/d/history.sqlite'));
    health.failed(full('alert-log', '/d/alerts.sqlite'));
    expect(health.state()).toMatchObject({ ok: false, store: 'alert-log', file: '/d/alerts.sqlite' });
    health.worked('alert-log');
    expect(health.state()).toMatchObject({ ok: false, store: 'history', file: '/d/history.sqlite' });
    health.worked('history');
    expect(health.state()).toMatchObject({ ok: true, store: null, file: null, problem: null });
  });

  it('counts the chart samples dropped during a history fault in its recovery notice', () => {
    const health = createStorageHealth();
    const changes: StorageHealthChange[] = [];
    health.onChange((change) => changes.push(change));
    health.droppedHistoryWrite();
    health.failed(full('history', '/d/history.sqlite'));
    health.droppedHistoryWrite();
    health.droppedHistoryWrite();
    health.worked('history');
    const recovered = changes.at(-1);
    expect(recovered).toMatchObject({ kind: 'recovered', droppedHistoryWrites: 2 });
    const notice = storageNotice(recovered ?? changes[0]!, 1_000);
    expect(noticeSchema.parse(notice)).toEqual(notice);
    expect(describeNotice(notice, 'en').body).toContain('2 chart samples were dropped meanwhile');
  });

  it('makes a critical notice of an alert-log fault and a warning of a history fault', () => {
    const log = storageNotice({ kind: 'fault', error: full('alert-log', '/d/alerts.sqlite') }, 5);
    const history = storageNotice({ kind: 'fault', error: full('history', '/d/history.sqlite') }, 5);
    expect([log.severity, history.severity]).toEqual(['critical', 'warning']);
    expect(log.message).toEqual({
      kind: 'storage-fault',
      problem: 'full',
      store: 'alert-log',
      file: '/d/alerts.sqlite',
    });
  });

  it('keeps reporting when a listener throws', () => {
    const health = createStorageHealth();
    const heard: string[] = [];
    health.onChange(() => {
      throw new Error('notifier down');
    });
    health.onChange((change) => heard.push(change.kind));
    expect(() => health.failed(full('alert-log', '/d/alerts.sqlite'))).not.toThrow();
    expect(heard).toEqual(['fault']);
  });
});
