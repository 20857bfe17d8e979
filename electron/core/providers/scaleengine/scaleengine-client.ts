import type { LiveReading, StreamLive } from '../../../../shared/domain.ts';
import { ProviderError, redact } from '../../errors.ts';
import { DEFAULT_TIMEOUT_MS, fetchHttpClient, type HttpClient } from '../../http/http-client.ts';
import { parseBody } from '../../http/parse-body.ts';
import { resolveApiRoot, type ApiHome } from '../base-url.ts';
import type { CallOptions, ClientOptions, Provider } from '../provider.ts';
import {
  envelopeSchema,
  formatScaleEngineTime,
  parseScaleEngineTime,
  viewerLogResponseSchema,
  type ViewerLogRow,
} from './scaleengine-schemas.ts';
import { signViewerLogRequest, type ScaleEngineApp, type ViewerLogRequest } from './scaleengine-signature.ts';

export type { ScaleEngineApp } from './scaleengine-signature.ts';
export type { ViewerLogRow } from './scaleengine-schemas.ts';

export const SCALEENGINE_API: ApiHome = { origin: 'https://api.scaleengine.net', rootPath: '/stable/' };

/** Minute rows older than this mean nothing is on air now (see `poll`). */
export const LIVE_WINDOW_MS = 15 * 60_000;

export interface ScaleEngineClientOptions extends ClientOptions {
  sourceId: string;
  apiKey: string;
  secretKey: string;
  cdnId: number;
  apps: readonly ScaleEngineApp[];
  urls?: readonly string[] | undefined;
}

export interface ViewerLogQuery {
  /** Defaults to the configured apps. A scalar is sent as a scalar, an array as an array. */
  apps?: ScaleEngineApp | ScaleEngineApp[] | undefined;
  /** Stream names or VOD paths; pipe lists and `*` wildcards are passed as given. */
  urls?: string | string[] | undefined;
  /** 1 = 6 h by minute, 2 = 24 h by minute, 3 = 7 days by hour, 4 = 30 days by day. */
  graph: 1 | 2 | 3 | 4;
  /** `YYYY-MM-DD HH:MM:SS`, UTC. */
  starttime?: string | undefined;
}

const MAX_PROVIDER_MESSAGE = 300;
const WHAT = 'ScaleEngine viewer.log';

/** One configured value as a scalar, several as an array — the form the official examples send. */
function scalarOrList<T>(values: readonly T[]): T | readonly T[] {
  return values.length === 1 && values[0] !== undefined ? values[0] : values;
}

/**
 * ScaleEngine's viewer.log: per-minute, hourly or daily viewer counts per app and stream, signed with
 * the account's secret key. It has no bandwidth figures, so bandwidth is reported as unknown.
 */
export class ScaleEngineClient implements Provider {
  readonly sourceId: string;
  readonly kind = 'scaleengine';
  readonly #base: URL;
  readonly #apiKey: string;
  readonly #secretKey: string;
  readonly #cdnId: number;
  readonly #apps: readonly ScaleEngineApp[];
  readonly #urls: readonly string[];
  readonly #timeoutMs: number;
  readonly #http: HttpClient;
  readonly #now: () => number;

  constructor(options: ScaleEngineClientOptions) {
    this.sourceId = options.sourceId;
    this.#base = resolveApiRoot(options.baseUrl, SCALEENGINE_API);
    if (options.apps.length === 0)
      throw new ProviderError('config', 'apps: list at least one application name or id');
    this.#apiKey = options.apiKey;
    this.#secretKey = options.secretKey;
    this.#cdnId = options.cdnId;
    this.#apps = [...options.apps];
    this.#urls = [...(options.urls ?? [])];
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#http = options.http ?? fetchHttpClient;
    this.#now = options.now ?? Date.now;
  }

  /** The rows ScaleEngine returns, validated, in the order it sent them. */
  async viewerLog(query: ViewerLogQuery, options: CallOptions = {}): Promise<ViewerLogRow[]> {
    if (query.starttime !== undefined && parseScaleEngineTime(query.starttime) === undefined) {
      throw new ProviderError(
        'config',
        `starttime: expected a UTC time "YYYY-MM-DD HH:MM:SS", got "${query.starttime}"`,
      );
    }
    const apps = query.apps ?? scalarOrList(this.#apps);
    if (Array.isArray(apps) && apps.length === 0)
      throw new ProviderError('config', 'apps: list at least one application');
    const urls = query.urls ?? (this.#urls.length > 0 ? scalarOrList(this.#urls) : undefined);
    const request: ViewerLogRequest = {
      command: 'viewer.log',
      api_key: this.#apiKey,
      timestamp: Math.floor(this.#now() / 1000),
      cdn: this.#cdnId,
      app: apps,
      graph: query.graph,
      ...(urls === undefined ? {} : { url: urls }),
      ...(query.starttime === undefined ? {} : { starttime: query.starttime }),
    };
    const text = await this.#post(request, options);
    return parseBody(text, viewerLogResponseSchema, WHAT).data;
  }

  /**
   * The newest minute of graph 1 (6 h by minute) for the configured apps and URLs: one stream per row
   * of that minute. ScaleEngine only logs minutes that had viewers and publishes them with a delay of a
   * few minutes, so "the newest minute present" is the live figure. A newest minute older than 15 min
   * (or no rows at all) means nothing is on air: that is 0 viewers, not unknown, because the account
   * answered and simply has no audience. Bandwidth is null: viewer.log has none.
   */
  async poll(options: CallOptions = {}): Promise<LiveReading> {
    const now = this.#now();
    // Only the last quarter hour: the whole 6 h graph would be 360 rows a stream, polled every 30 s.
    const starttime = formatScaleEngineTime(now - LIVE_WINDOW_MS);
    const rows = await this.viewerLog({ graph: 1, starttime }, options);
    let newest = Number.NEGATIVE_INFINITY;
    for (const row of rows) newest = Math.max(newest, row.timeMs);
    if (rows.length === 0 || newest < now - LIVE_WINDOW_MS) {
      return { at: now, viewers: 0, bandwidthBps: null, streams: [] };
    }
    const latest = rows.filter((row) => row.timeMs === newest);
    const viewersByName = new Map<string, number>();
    for (const row of latest) {
      const name = this.streamName(row);
      viewersByName.set(name, (viewersByName.get(name) ?? 0) + Math.round(row.viewer_count_avg));
    }
    const streams: StreamLive[] = [...viewersByName].map(([name, viewers]) => ({
      name,
      viewers,
      bandwidthBps: null,
    }));
    const viewers = streams.reduce((sum, stream) => sum + (stream.viewers ?? 0), 0);
    return { at: newest, viewers, bandwidthBps: null, streams };
  }

  /**
   * How a viewer.log row's stream is named in readings and history: its `video_url`, prefixed with its
   * app when the source watches several apps (two apps may carry the same stream name). It depends only
   * on the config, so a stream keeps one name, and one history series, whoever else is on air.
   */
  streamName(row: Pick<ViewerLogRow, 'app' | 'video_url'>): string {
    return this.#apps.length > 1 ? `${row.app}/${row.video_url}` : row.video_url;
  }

  /** One signed POST; answers the body text of a success, and classifies everything else. */
  async #post(request: ViewerLogRequest, options: CallOptions): Promise<string> {
    const { body } = signViewerLogRequest(request, this.#secretKey);
    const response = await this.#http(
      {
        method: 'POST',
        url: new URL(this.#base),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ json: body }),
      },
      { timeoutMs: this.#timeoutMs, signal: options.signal },
    );
    const { status } = response;
    if (status === 401 || status === 403) {
      throw new ProviderError(
        'auth',
        `${WHAT}: credentials rejected (HTTP ${status}): check apiKey, cdnId and the secret key`,
        { status },
      );
    }
    if (status === 429)
      throw new ProviderError('upstream', `${WHAT}: rate limited (HTTP 429): retry later`, { status });
    if (status >= 500)
      throw new ProviderError('upstream', `${WHAT}: server error (HTTP ${status}): retry later`, { status });
    if (status < 200 || status >= 300)
      throw new ProviderError('provider', `${WHAT}: unexpected HTTP ${status}`, { status });

    const envelope = parseBody(response.text, envelopeSchema, WHAT);
    if (envelope.status === 'success') return response.text;
    throw this.#failure(envelope, status);
  }

  #failure(
    envelope: { status: string; message?: string | undefined; code?: string | undefined },
    status: number,
  ): ProviderError {
    const clean = (text: string, max: number) => redact(text, [this.#secretKey, this.#apiKey]).slice(0, max);
    const code = envelope.code === undefined ? undefined : clean(envelope.code, 16);
    const said = `ScaleEngine said "${clean(envelope.message ?? 'no message', MAX_PROVIDER_MESSAGE)}"${code === undefined ? '' : ` (code ${code})`}`;
    const details = { status, ...(code === undefined ? {} : { providerCode: code }) };
    if (envelope.status !== 'failure') {
      return new ProviderError(
        'provider',
        `${WHAT}: unexpected status "${clean(envelope.status, 40)}": ${said}`,
        details,
      );
    }
    switch (code) {
      case '0001':
        return new ProviderError(
          'auth',
          `${WHAT}: CDN authorization failed: check apiKey and cdnId: ${said}`,
          details,
        );
      case '0003':
        return new ProviderError(
          'auth',
          `${WHAT}: request signature rejected: check the secret key stored for this source: ${said}`,
          details,
        );
      case '0005':
        return new ProviderError(
          'auth',
          `${WHAT}: unauthorized: the API key may not have access to these apps: ${said}`,
          details,
        );
      case '0002':
        // Not an auth problem: the key is fine, the request's Unix time is not.
        return new ProviderError(
          'provider',
          `${WHAT}: request timestamp out of range: this computer's clock is probably off; set it to the correct time (NTP) and retry: ${said}`,
          details,
        );
      case '1000':
        return new ProviderError(
          'upstream',
          `${WHAT}: ScaleEngine servers are busy: retry later: ${said}`,
          details,
        );
      default:
        return new ProviderError('provider', `${WHAT} failed: ${said}`, details);
    }
  }
}
