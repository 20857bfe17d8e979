import { ProviderError } from '../errors.ts';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | FormData;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  /** Give up after this long; the error is `timeout`. */
  timeoutMs: number;
  /** The caller's own cancellation (poller stop, app quit). */
  signal?: AbortSignal | undefined;
}

/** The one way the provider clients reach the network, so tests and benchmarks can swap it. */
export type HttpClient = (request: HttpRequest, options: RequestOptions) => Promise<HttpResponse>;

export const DEFAULT_TIMEOUT_MS = 10_000;

function describeHost(url: URL): string {
  return url.host;
}

/** Node's network error code (ECONNREFUSED, ENOTFOUND …) from undici's nested causes, if any. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * `fetch` with a timeout and the caller's AbortSignal. Network failures become `network` errors naming
 * the host (never the full URL, which may carry a key in its query), time-outs become `timeout`.
 * A caller's own abort is rethrown as is, so a cancelled poll is not reported as a failed one.
 */
export const fetchHttpClient: HttpClient = async (request, options) => {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const host = describeHost(request.url);
  const seconds = options.timeoutMs / 1000;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'manual',
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new ProviderError('timeout', `no complete answer from ${host} within ${seconds} s`);
    }
    const code = networkCode(error);
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host name not found'
          : code === 'UND_ERR_SOCKET' || code === 'ECONNRESET'
            ? 'connection closed before the answer was complete'
            : (code ?? 'request failed');
    throw new ProviderError('network', `cannot reach ${host}: ${reason}`);
  }
};
