import { bridgeErrorSchema } from '../../shared/bridge.ts';
import type { BridgeInvokeResult, BridgeTransport } from '../../shared/bridge-transport.ts';
import { BridgeError } from './bridge-error.ts';
import { createSseParser } from './sse-parser.ts';

// The Bridge over HTTP for a browser on `streamtray serve`: `POST /api/<name>` per call and one
// `GET /api/events` stream, read with fetch and reopened with backoff whenever it drops.

export interface HttpTransportOptions {
  /** Where the dashboard is; '' (the default) is the page's own origin. */
  baseUrl?: string;
  /** The dashboard token, sent as a bearer header (never in a URL, where logs and history keep it). */
  token?: string | null;
  fetch?: typeof fetch;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** The event stream failing or carrying something unreadable; the stream itself carries on. */
  onProblem?: (error: BridgeError) => void;
}

export interface HttpTransport extends BridgeTransport {
  close(): void;
}

type EventFn = (name: string, payload: unknown) => void;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const minDelay = options.reconnectMinMs ?? 1_000;
  const maxDelay = options.reconnectMaxMs ?? 30_000;
  const report = options.onProblem ?? (() => {});
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const listeners = new Set<EventFn>();
  let stream: AbortController | null = null;
  let closed = false;

  async function invoke(name: string, request: unknown): Promise<BridgeInvokeResult> {
    if (closed) return { ok: false, error: { kind: 'closed', message: 'the Bridge client was closed' } };
    let res: Response;
    try {
      res = await fetchFn(`${base}/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(request ?? {}),
      });
    } catch (error) {
      return {
        ok: false,
        error: { kind: 'network', message: `the Streamtray core could not be reached: ${describe(error)}` },
      };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (res.ok) {
      return body === undefined
        ? { ok: false, error: { kind: 'invalid-response', message: `${name}: the answer is not JSON` } }
        : { ok: true, value: body };
    }
    const failure = bridgeErrorSchema.safeParse(body);
    return failure.success
      ? { ok: false, error: failure.data.error }
      : { ok: false, error: { kind: 'http', message: `${name}: HTTP ${res.status}` } };
  }

  function emit(name: string, data: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      report(new BridgeError('invalid-response', `event "${name}" does not carry JSON`));
      return;
    }
    for (const fn of listeners) fn(name, payload);
  }

  function wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  async function readStream(
    signal: AbortSignal,
    onOpen: () => void,
    onRetry: (ms: number) => void,
  ): Promise<void> {
    const res = await fetchFn(`${base}/api/events`, {
      headers: { accept: 'text/event-stream', ...auth },
      signal,
      cache: 'no-store',
    });
    if (!res.ok || res.body === null) {
      const failure = bridgeErrorSchema.safeParse(await res.json().catch(() => undefined));
      throw new BridgeError(
        failure.success ? failure.data.error.kind : 'http',
        `the event stream was refused: ${failure.success ? failure.data.error.message : `HTTP ${res.status}`}`,
      );
    }
    onOpen();
    const parser = createSseParser((message) => emit(message.event, message.data), onRetry);
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
  }

  async function follow(signal: AbortSignal): Promise<void> {
    let base = minDelay;
    let delay = minDelay;
    while (!signal.aborted) {
      try {
        await readStream(
          signal,
          () => (delay = base),
          (ms) => (base = delay = Math.min(Math.max(ms, minDelay), maxDelay)),
        );
        if (!signal.aborted) report(new BridgeError('network', 'the event stream ended; reconnecting'));
      } catch (error) {
        if (signal.aborted) return;
        report(
          error instanceof BridgeError
            ? error
            : new BridgeError('network', `the event stream failed: ${describe(error)}`),
        );
      }
      await wait(delay, signal);
      delay = Math.min(delay * 2, maxDelay);
    }
  }

  function stopStream(): void {
    stream?.abort();
    stream = null;
  }

  return {
    invoke,
    onEvent(fn) {
      listeners.add(fn);
      if (stream === null && !closed) {
        const controller = new AbortController();
        stream = controller;
        void follow(controller.signal);
      }
      return () => {
        listeners.delete(fn);
        // No one listening: the connection (and the server's work for it) is released.
        if (listeners.size === 0) stopStream();
      };
    },
    close() {
      closed = true;
      listeners.clear();
      stopStream();
    },
  };
}
