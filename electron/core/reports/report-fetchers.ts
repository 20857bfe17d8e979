import type {
  QiniuSourceConfig,
  SourceConfig,
  ScaleEngineSourceConfig,
  WmspanelSourceConfig,
} from '../../../shared/config.ts';
import type { DailyStatsRow } from '../../../shared/daily-stats.ts';
import {
  createQiniuClient,
  createScaleEngineClient,
  createWmspanelClient,
  type CreateProviderOptions,
} from '../providers/create-provider.ts';
import type { CallOptions } from '../providers/provider.ts';
import type { QiniuHistoryPoint, QiniuHistoryQuery } from '../providers/qiniu/qiniu-client.ts';
import type { ViewerLogQuery, ViewerLogRow } from '../providers/scaleengine/scaleengine-client.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';

/** The provider history calls a daily report makes, one per provider, each through the source's client. */
export interface ReportFetchers {
  wmspanelDaily(
    source: WmspanelSourceConfig,
    query: { from: string; to: string; server?: string | undefined },
    options?: CallOptions,
  ): Promise<DailyStatsRow[]>;
  qiniuHistory(
    source: QiniuSourceConfig,
    query: QiniuHistoryQuery,
    options?: CallOptions,
  ): Promise<QiniuHistoryPoint[]>;
  scaleEngineViewerLog(
    source: ScaleEngineSourceConfig,
    query: ViewerLogQuery,
    options?: CallOptions,
  ): Promise<ViewerLogRow[]>;
}

/**
 * Fetchers over fresh clients with the source's secret from the vault. `optionsFor` gives each source's
 * client options, so the caller decides the HTTP client (and with it how calls are counted).
 */
export function providerReportFetchers(
  vault: SecretVault,
  optionsFor: (source: SourceConfig) => CreateProviderOptions,
): ReportFetchers {
  return {
    async wmspanelDaily(source, query, options) {
      const client = await createWmspanelClient(source, vault, optionsFor(source));
      return client.dailyStats(query, options);
    },
    async qiniuHistory(source, query, options) {
      const client = await createQiniuClient(source, vault, optionsFor(source));
      return client.history(query, options);
    },
    async scaleEngineViewerLog(source, query, options) {
      const client = await createScaleEngineClient(source, vault, optionsFor(source));
      return client.viewerLog(query, options);
    },
  };
}
