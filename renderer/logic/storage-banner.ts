import { describeNotice, type NoticeText } from '../../shared/i18n/describe-notice.ts';
import type { Locale } from '../../shared/notices.ts';
import type { StorageState } from '../../shared/storage.ts';

/**
 * The banner shown while a data file cannot be written: the same words as the storage-fault notice
 * (what failed, which file, what to do), so the toast the operator may have dismissed stays visible.
 */
export function storageBannerText(storage: StorageState, locale: Locale): NoticeText | null {
  if (storage.ok || storage.problem === null || storage.store === null || storage.file === null) return null;
  return describeNotice(
    {
      message: { kind: 'storage-fault', problem: storage.problem, store: storage.store, file: storage.file },
      severity: storage.store === 'alert-log' ? 'critical' : 'warning',
      incidentIds: [],
      coalesced: false,
      at: 0,
    },
    locale,
  );
}
