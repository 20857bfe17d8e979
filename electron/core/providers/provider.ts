import type { LiveReading, ProviderKind } from '../../../shared/domain.ts';
import type { HttpClient } from '../http/http-client.ts';

export interface CallOptions {
  signal?: AbortSignal;
}

/** What every provider client offers the poller and `streamtray check`. */
export interface Provider {
  readonly sourceId: string;
  readonly kind: ProviderKind;
  /** One live reading: totals and every stream, `null` where the provider has no value. */
  poll(options?: CallOptions): Promise<LiveReading>;
}

/** Construction options every client takes besides its credentials. */
export interface ClientOptions {
  /** Defaults to the provider's public API; loopback http is allowed for simulators and tests. */
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
  http?: HttpClient | undefined;
  /** UTC epoch milliseconds; injected so signatures and time windows are testable. */
  now?: (() => number) | undefined;
}
