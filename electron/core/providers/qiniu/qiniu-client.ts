import type { LiveReading, StreamLive } from '../../../../shared/domain.ts';
import { ProviderError, redact } from '../../errors.ts';
import { DEFAULT_TIMEOUT_MS, fetchHttpClient, type HttpClient } from '../../http/http-client.ts';
import { parseBody } from '../../http/parse-body.ts';
import { resolveApiRoot, type ApiHome } from '../base-url.ts';
import type { CallOptions, ClientOptions, Provider } from '../provider.ts';
import {
  detailSchema,
  errorBodySchema,
  historyPageSchema,
  parseLive,
  type QiniuLive,
} from './qiniu-schemas.ts';
import { qiniuAuthorization } from './qiniu-token.ts';

export const QINIU_API: ApiHome = { origin: 'https://pili.qiniuapi.com', rootPath: '/v2/' };

export interface QiniuClientOptions extends ClientOptions {
  sourceId: string;
  accessKey: string;
  secretKey: string;
  hub: string;
}

export interface QiniuHistoryQuery {
  /** Unix seconds; the provider's default is one hour ago. */
  start?: number;
  /** Unix seconds; the provider's default is now. */
  end?: number;
  /** Items per page (the provider's default is 1000); every page is fetched regardless. */
  limit?: number;
}

export interface QiniuHistoryPoint {
  /** Unix seconds, start of a 5-minute bucket. */
  time: number;
  count: number;
  bandwidth: number;
}

export interface QiniuDetailPoint extends QiniuHistoryPoint {
  key: string;
}

// Signed on every request (docs/providers.md): SDKs disagree on requests without one, so never leave it out.
const CONTENT_TYPE = 'application/x-www-form-urlencoded';
const NO_DATA = 619;
const MAX_PAGES = 1000;
const MAX_PROVIDER_MESSAGE = 300;
const LIVE_CALL = 'Qiniu stat/play';

const asStreamLive = (name: string, viewers: number, bandwidthBps: number): StreamLive => ({
  name,
  viewers,
  bandwidthBps,
});

/** Pili's play statistics for one hub: live viewers and bandwidth, the 5-minute history and its detail. */
export class QiniuClient implements Provider {
  readonly sourceId: string;
  readonly kind = 'qiniu';
  readonly #base: URL;
  readonly #hubPath: string;
  readonly #hub: string;
  readonly #accessKey: string;
  readonly #secretKey: string;
  readonly #timeoutMs: number;
  readonly #http: HttpClient;
  readonly #now: () => number;

  constructor(options: QiniuClientOptions) {
    this.sourceId = options.sourceId;
    this.#base = resolveApiRoot(options.baseUrl, QINIU_API);
    // "." and ".." would be resolved away as path segments even when percent-encoded.
    if (options.hub === '' || options.hub === '.' || options.hub === '..') {
      throw new ProviderError('config', `hub: ${JSON.stringify(options.hub)} is not a valid hub name`);
    }
    this.#hub = options.hub;
    this.#hubPath = `hubs/${encodeURIComponent(options.hub)}/`;
    this.#accessKey = options.accessKey;
    this.#secretKey = options.secretKey;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#http = options.http ?? fetchHttpClient;
    this.#now = options.now ?? Date.now;
  }

  /** Viewers and bandwidth (bits per second) now, for the hub and each stream on air, sorted by key. */
  async live(options: CallOptions = {}): Promise<QiniuLive> {
    return parseLive(await this.#liveText(options), LIVE_CALL);
  }

  /** The hub's 5-minute buckets in [start, end], following `marker` through every page. */
  async history(query: QiniuHistoryQuery = {}, options: CallOptions = {}): Promise<QiniuHistoryPoint[]> {
    const what = 'Qiniu stat/play/history';
    const params: Record<string, string> = {};
    if (query.start !== undefined) params['start'] = unixSecondsParam('start', query.start);
    if (query.end !== undefined) params['end'] = unixSecondsParam('end', query.end);
    if (query.limit !== undefined) {
      if (!Number.isInteger(query.limit) || query.limit < 1)
        throw new RangeError('limit must be a positive integer');
      params['limit'] = String(query.limit);
    }
    const points: QiniuHistoryPoint[] = [];
    const seen = new Set<string>();
    let marker = '';
    for (let page = 1; ; page += 1) {
      if (page > MAX_PAGES) {
        throw new ProviderError('invalid-response', `${what}: still more pages after ${MAX_PAGES}; gave up`);
      }
      const text = await this.#get(
        'stat/play/history',
        marker === '' ? params : { ...params, marker },
        what,
        options,
      );
      if (text === undefined) return points;
      const body = parseBody(text, historyPageSchema, what);
      for (const item of body.items) {
        points.push({ time: item.time, count: item.stats.count, bandwidth: item.stats.bandwidth });
      }
      marker = body.marker ?? '';
      if (marker === '') return points;
      // A provider that hands back an old marker would otherwise keep us paging forever.
      if (seen.has(marker)) {
        throw new ProviderError(
          'invalid-response',
          `${what}: page ${page} repeated an earlier marker; gave up`,
        );
      }
      seen.add(marker);
    }
  }

  /** Each stream's figures for the 5-minute bucket containing `time` (Unix seconds). */
  async detail(time: number, options: CallOptions = {}): Promise<QiniuDetailPoint[]> {
    const what = 'Qiniu stat/play/history/detail';
    const text = await this.#get(
      'stat/play/history/detail',
      { time: unixSecondsParam('time', time) },
      what,
      options,
    );
    if (text === undefined) return [];
    return parseBody(text, detailSchema, what).items.map((item) => ({
      time: item.time,
      key: item.key,
      count: item.stats.count,
      bandwidth: item.stats.bandwidth,
    }));
  }

  async poll(options: CallOptions = {}): Promise<LiveReading> {
    const live = parseLive(await this.#liveText(options), LIVE_CALL, asStreamLive);
    return {
      at: this.#now(),
      viewers: live.total.count,
      bandwidthBps: live.total.bandwidth,
      streams: live.streams,
    };
  }

  async #liveText(options: CallOptions): Promise<string> {
    const text = await this.#get('stat/play', {}, LIVE_CALL, options);
    if (text === undefined) throw this.#noData(LIVE_CALL);
    return text;
  }

  /** One signed GET: the body of a 2xx, `undefined` for "no data" (619), and a classified error otherwise. */
  async #get(
    call: string,
    params: Record<string, string>,
    what: string,
    options: CallOptions,
  ): Promise<string | undefined> {
    const url = new URL(this.#hubPath + call, this.#base);
    const query = new URLSearchParams(params).toString();
    if (query !== '') url.search = query;
    // Sign what fetch will put on the wire: URL's own serialisation of the path, query and host.
    const authorization = qiniuAuthorization(this.#accessKey, this.#secretKey, {
      method: 'GET',
      path: url.pathname,
      rawQuery: url.search.slice(1),
      host: url.host,
      contentType: CONTENT_TYPE,
    });
    const response = await this.#http(
      { method: 'GET', url, headers: { Authorization: authorization, 'Content-Type': CONTENT_TYPE } },
      { timeoutMs: this.#timeoutMs, signal: options.signal },
    );
    const { status } = response;
    if (status >= 200 && status < 300) return response.text;
    if (status === NO_DATA) return undefined;
    const providerCode = String(status);
    if (status === 401 || status === 403) {
      throw new ProviderError(
        'auth',
        `credentials rejected (HTTP ${status}): check the access key and the secret key stored for source "${this.sourceId}"`,
        { status, providerCode },
      );
    }
    if (status === 612 || status === 404) {
      throw new ProviderError(
        'config',
        `no such hub ${JSON.stringify(this.#hub)} (HTTP ${status}): check the hub name and that it belongs to this access key`,
        { status, providerCode },
      );
    }
    if (status === 429) {
      throw new ProviderError('upstream', `${what}: rate limited (HTTP 429): retry later`, {
        status,
        providerCode,
      });
    }
    if (status >= 500) {
      throw new ProviderError('upstream', `${what}: server error (HTTP ${status}): retry later`, {
        status,
        providerCode,
      });
    }
    throw new ProviderError(
      'provider',
      `${what}: Qiniu answered HTTP ${status}: ${this.#errorText(response.text)}`,
      {
        status,
        providerCode,
      },
    );
  }

  #noData(what: string): ProviderError {
    return new ProviderError('provider', `${what}: Qiniu answered "no data" (HTTP ${NO_DATA})`, {
      status: NO_DATA,
      providerCode: String(NO_DATA),
    });
  }

  /** The body's `error` text for the operator, with our own keys removed in case they were echoed. */
  #errorText(text: string): string {
    let message = 'no error message';
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(text));
      if (parsed.success) message = JSON.stringify(parsed.data.error.slice(0, MAX_PROVIDER_MESSAGE));
    } catch {
      // Not JSON: the status alone has to do.
    }
    return redact(message, [this.#secretKey, this.#accessKey]);
  }
}

function unixSecondsParam(name: string, value: number): string {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be Unix seconds (a whole number)`);
  return String(value);
}
