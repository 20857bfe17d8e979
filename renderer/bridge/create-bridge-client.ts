import type { z } from 'zod';
import {
  BRIDGE_METHOD_NAMES,
  bridgeEvents,
  bridgeMethods,
  type BridgeApi,
  type BridgeEvent,
  type BridgeEventName,
  type BridgeMethodName,
} from '../../shared/bridge.ts';
import { bridgeInvokeResultSchema, type BridgeTransport } from '../../shared/bridge-transport.ts';
import { formatIssues } from '../../shared/schema-errors.ts';
import { BridgeError } from './bridge-error.ts';
import { createHttpTransport } from './http-transport.ts';
import { findPreloadTransport } from './ipc-transport.ts';
import { browserPage, takeTokenFromPage } from './page-token.ts';

// The renderer's one way to the core. Its methods are derived from the contract in shared/bridge.ts,
// and every answer and event is checked against the contract's schemas on arrival: a malformed message
// becomes a BridgeError (or a reported problem, for events) instead of a crashed view.

export type BridgeClient = BridgeApi & {
  /** Listens to one kind of event; returns the unsubscribe function. */
  on<E extends BridgeEventName>(name: E, fn: (payload: BridgeEvent<E>) => void): () => void;
  close(): void;
};

export interface BridgeClientOptions {
  /** Default: the Electron preload when present, else HTTP + SSE to the page's own origin. */
  transport?: BridgeTransport & { close?(): void };
  /** Events that were dropped (malformed) and event-stream trouble. */
  onProblem?: (error: BridgeError) => void;
  /** For the HTTP transport; default: the page address's `?token=` (then removed from it) or this tab's session. */
  token?: string | null;
}

function tokenFromPageAddress(): string | null {
  const page = browserPage();
  return page === null ? null : takeTokenFromPage(page);
}

export function createBridgeClient(options: BridgeClientOptions = {}): BridgeClient {
  const report =
    options.onProblem ?? ((error: BridgeError) => console.warn(`Streamtray bridge: ${error.message}`));
  const transport: BridgeTransport & { close?(): void } =
    options.transport ??
    findPreloadTransport() ??
    createHttpTransport({ token: options.token ?? tokenFromPageAddress(), onProblem: report });
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let unsubscribeTransport: (() => void) | null = null;
  let closed = false;

  async function call(name: BridgeMethodName, request: unknown): Promise<unknown> {
    if (closed) throw new BridgeError('closed', 'the Bridge client was closed');
    const method = bridgeMethods[name];
    // Checked here too so a view's mistake names the field at once, without a round trip.
    const checked = (method.request as z.ZodType).safeParse(request ?? {});
    if (!checked.success) {
      throw new BridgeError('invalid-request', `${name}: ${formatIssues(checked.error).join('; ')}`);
    }
    let raw: unknown;
    try {
      raw = await transport.invoke(name, request ?? {});
    } catch (error) {
      throw new BridgeError('network', `${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const result = bridgeInvokeResultSchema.safeParse(raw);
    if (!result.success)
      throw new BridgeError('invalid-response', `${name}: the answer is not a Bridge result`);
    if (!result.data.ok) throw new BridgeError(result.data.error.kind, result.data.error.message);
    const response = (method.response as z.ZodType).safeParse(result.data.value);
    if (!response.success) {
      throw new BridgeError('invalid-response', `${name}: ${formatIssues(response.error).join('; ')}`);
    }
    return response.data;
  }

  function dispatch(name: string, payload: unknown): void {
    const fns = listeners.get(name);
    // Unknown event names are a newer core talking to an older page: ignored, not an error.
    if (!fns || fns.size === 0 || !Object.hasOwn(bridgeEvents, name)) return;
    const parsed = bridgeEvents[name as BridgeEventName].safeParse(payload);
    if (!parsed.success) {
      report(
        new BridgeError(
          'invalid-response',
          `event "${name}" dropped: ${formatIssues(parsed.error).join('; ')}`,
        ),
      );
      return;
    }
    for (const fn of fns) {
      try {
        fn(parsed.data);
      } catch (error) {
        // One view's bug must not starve the other listeners of the event.
        report(
          new BridgeError(
            'listener',
            `a "${name}" listener failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }
    }
  }

  const api = Object.fromEntries(
    BRIDGE_METHOD_NAMES.map((name) => [name, (request: unknown) => call(name, request)]),
  ) as BridgeApi;

  return {
    ...api,
    on(name, fn) {
      if (closed) return () => {};
      let fns = listeners.get(name);
      if (!fns) listeners.set(name, (fns = new Set()));
      const listener = fn as (payload: unknown) => void;
      fns.add(listener);
      unsubscribeTransport ??= transport.onEvent(dispatch);
      return () => {
        fns.delete(listener);
        if ([...listeners.values()].every((set) => set.size === 0)) {
          unsubscribeTransport?.();
          unsubscribeTransport = null;
        }
      };
    },
    close() {
      closed = true;
      listeners.clear();
      unsubscribeTransport?.();
      unsubscribeTransport = null;
      transport.close?.();
    },
  };
}
