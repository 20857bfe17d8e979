import type { BridgeTransport } from '../../shared/bridge-transport.ts';

/**
 * The Electron preload's `window.streamtray`, when this page runs inside the shell. Read through
 * `globalThis` and checked by shape: the page must not trust that a global is what it claims to be.
 */
export function findPreloadTransport(scope: object = globalThis): BridgeTransport | null {
  const candidate: unknown = (scope as { streamtray?: unknown }).streamtray;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const { invoke, onEvent } = candidate as { invoke?: unknown; onEvent?: unknown };
  if (typeof invoke !== 'function' || typeof onEvent !== 'function') return null;
  return candidate as BridgeTransport;
}
