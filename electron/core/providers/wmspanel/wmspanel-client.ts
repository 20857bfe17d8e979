import type { LiveReading } from '../../../../shared/domain.ts';
import type { DailyStatsRow } from '../../../../shared/daily-stats.ts';
import { DAILY_STATS_FIELDS } from '../../../../shared/daily-stats.ts';
import { ProviderError, redact } from '../../errors.ts';
import { DEFAULT_TIMEOUT_MS, fetchHttpClient, type HttpClient } from '../../http/http-client.ts';
import { parseBody } from '../../http/parse-body.ts';
import { resolveApiRoot, type ApiHome } from '../base-url.ts';
import type { CallOptions, ClientOptions, Provider } from '../provider.ts';
import { checkDateRange } from './report-dates.ts';
import {
  dailyStatsResponseSchema,
  dataSlicesResponseSchema,
  envelopeSchema,
  type DataSlice,
} from './wmspanel-schemas.ts';

export const WMSPANEL_API: ApiHome = { origin: 'https://api.wmspanel.com', rootPath: '/v1/' };

export interface WmspanelClientOptions extends ClientOptions {
  sourceId: string;
  clientId: string;
  apiKey: string;
  dataSlice?: string | undefined;
  server?: string | undefined;
}

export interface DailyStatsQuery {
  from: string;
  to: string;
  /** Overrides the source's data slice; without either, user-specific keys get their own slice. */
  dataSlice?: string | undefined;
  /** Overrides the source's server filter. */
  server?: string | undefined;
}

// The provider cannot tell these apart (docs/providers.md), so the operator is told all three.
const forbidden = (status: number) =>
  `credentials rejected (HTTP ${status}): check the client ID and API key, that this machine's IP is on the ` +
  'API whitelist, and that WMSPanel has enabled the pull API for the account';

/** How long a data-slice check holds: it runs at start, after a config change (a new client) and hourly. */
export const DATA_SLICE_CHECK_MS = 3_600_000;

const DOCUMENTED = new Set<string>(DAILY_STATS_FIELDS);
const MAX_PROVIDER_MESSAGE = 300;

/** Documented fields plus any extra `*_viewers` (older accounts); anything else is not ours to report. */
function keepReportedFields(row: DailyStatsRow): DailyStatsRow {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (DOCUMENTED.has(key) || key.endsWith('_viewers')) kept[key] = value;
  }
  return kept as DailyStatsRow;
}

/**
 * WMSPanel's pull API: data slices and daily stats. It has no live figures, so `poll()` only proves the
 * credentials (and the configured data slice) work and reports viewers and bandwidth as unknown.
 */
export class WmspanelClient implements Provider {
  readonly sourceId: string;
  readonly kind = 'wmspanel';
  readonly #base: URL;
  readonly #clientId: string;
  readonly #apiKey: string;
  readonly #dataSlice: string | undefined;
  readonly #server: string | undefined;
  readonly #timeoutMs: number;
  readonly #http: HttpClient;
  readonly #now: () => number;
  #slicesCheckedAt: number | null = null;

  constructor(options: WmspanelClientOptions) {
    this.sourceId = options.sourceId;
    this.#base = resolveApiRoot(options.baseUrl, WMSPANEL_API);
    this.#clientId = options.clientId;
    this.#apiKey = options.apiKey;
    this.#dataSlice = options.dataSlice;
    this.#server = options.server;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#http = options.http ?? fetchHttpClient;
    this.#now = options.now ?? Date.now;
  }

  async dataSlices(options: CallOptions = {}): Promise<DataSlice[]> {
    const text = await this.#get('data_slices', {}, options);
    return parseBody(text, dataSlicesResponseSchema, 'WMSPanel data_slices').data_slices;
  }

  /** The report's rows sorted by date (the provider does not order them); days without data are absent. */
  async dailyStats(query: DailyStatsQuery, options: CallOptions = {}): Promise<DailyStatsRow[]> {
    checkDateRange(query.from, query.to);
    const params: Record<string, string> = { from: query.from, to: query.to };
    const dataSlice = query.dataSlice ?? this.#dataSlice;
    const server = query.server ?? this.#server;
    if (dataSlice !== undefined) params['data_slice'] = dataSlice;
    if (server !== undefined) params['server'] = server;
    const text = await this.#get('daily_stats', params, options);
    const { stats } = parseBody(text, dailyStatsResponseSchema, 'WMSPanel daily_stats');
    return stats.map(keepReportedFields).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /**
   * Proves the credentials and the configured data slice, at most hourly: WMSPanel has no live figures,
   * and every call spends the account's daily budget.
   */
  async poll(options: CallOptions = {}): Promise<LiveReading> {
    const now = this.#now();
    if (this.#slicesCheckedAt !== null && now - this.#slicesCheckedAt < DATA_SLICE_CHECK_MS) {
      return { at: now, viewers: null, bandwidthBps: null, streams: [] };
    }
    const slices = await this.dataSlices(options);
    const wanted = this.#dataSlice;
    if (wanted !== undefined && !slices.some((slice) => slice.id === wanted)) {
      const known = slices.map((slice) => `${slice.id} (${slice.name})`).join(', ') || 'none';
      throw new ProviderError(
        'config',
        `dataSlice: ${JSON.stringify(wanted)} is not one of this account's data slices: ${known}`,
      );
    }
    this.#slicesCheckedAt = now;
    return { at: now, viewers: null, bandwidthBps: null, streams: [] };
  }

  /** One GET; answers the body text of a 200 whose status is "Ok", and classifies everything else. */
  async #get(call: string, params: Record<string, string>, options: CallOptions): Promise<string> {
    const url = new URL(call, this.#base);
    url.search = new URLSearchParams({
      client_id: this.#clientId,
      api_key: this.#apiKey,
      ...params,
    }).toString();
    const response = await this.#http(
      { method: 'GET', url },
      { timeoutMs: this.#timeoutMs, signal: options.signal },
    );
    const what = `WMSPanel ${call}`;
    const { status } = response;
    if (status === 401 || status === 403) throw new ProviderError('auth', forbidden(status), { status });
    if (status === 429) {
      throw new ProviderError(
        'upstream',
        `${what}: rate limited (HTTP 429; the account may make 15,000 calls a day): retry later`,
        { status },
      );
    }
    if (status >= 500) {
      throw new ProviderError('upstream', `${what}: server error (HTTP ${status}): retry later`, { status });
    }
    if (status < 200 || status >= 300) {
      throw new ProviderError('provider', `${what}: unexpected HTTP ${status}`, { status });
    }
    const envelope = parseBody(response.text, envelopeSchema, what);
    if (envelope.status !== 'Ok') {
      // The provider's text is shown to the operator; strip our own key in case it was echoed back.
      const message = redact(envelope.message ?? 'no message', [this.#apiKey]).slice(0, MAX_PROVIDER_MESSAGE);
      const providerStatus = redact(envelope.status, [this.#apiKey]).slice(0, 40);
      throw new ProviderError(
        'provider',
        `${what}: WMSPanel answered status "${providerStatus}": ${message}`,
        {
          status,
          providerCode: providerStatus,
        },
      );
    }
    return response.text;
  }
}
