import type { Clock } from '../clock.ts';
import type { ReportFetchers } from './report-fetchers.ts';

// Provider history for reports, remembered briefly: the dashboard asks again whenever the report view
// opens, and a 90-day Qiniu range is a couple of dozen calls. Pili writes a bucket every five minutes,
// so an answer is reused for five minutes; asks for the same thing at once share one call; a failure
// is not remembered. A changed source config is a different key.

export const HISTORY_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 200;

interface Entry {
  at: number;
  value: Promise<unknown>;
}

function remember<T>(
  entries: Map<string, Entry>,
  key: string,
  now: number,
  fetch: () => Promise<T>,
): Promise<T> {
  const hit = entries.get(key);
  if (hit !== undefined && now - hit.at < HISTORY_TTL_MS) return hit.value as Promise<T>;
  if (entries.size >= MAX_ENTRIES) {
    for (const [old, entry] of entries) if (now - entry.at >= HISTORY_TTL_MS) entries.delete(old);
    if (entries.size >= MAX_ENTRIES) entries.clear();
  }
  const value = fetch();
  entries.set(key, { at: now, value });
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

/** The same fetchers, with Qiniu's and ScaleEngine's history answers reused for five minutes. */
export function cachedReportFetchers(fetchers: ReportFetchers, clock: Pick<Clock, 'now'>): ReportFetchers {
  const entries = new Map<string, Entry>();
  return {
    wmspanelDaily: (source, query, options) => fetchers.wmspanelDaily(source, query, options),
    qiniuHistory: (source, query, options) =>
      remember(entries, JSON.stringify(['qiniu', source, query]), clock.now(), () =>
        fetchers.qiniuHistory(source, query, options),
      ),
    scaleEngineViewerLog: (source, query, options) =>
      remember(entries, JSON.stringify(['scaleengine', source, query]), clock.now(), () =>
        fetchers.scaleEngineViewerLog(source, query, options),
      ),
  };
}
