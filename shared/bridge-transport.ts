import { z } from 'zod';

// How the renderer's Bridge client reaches the core. The Electron preload exposes an object of this shape
// as `window.streamtray`; the HTTP transport (fetch + server-sent events) implements the same shape, so
// the client above them is one piece of code.

/** What `invoke` resolves with: the response, or the failure with its kind. Never rejects for a failed call. */
export const bridgeInvokeResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ kind: z.string(), message: z.string() }) }),
]);
export type BridgeInvokeResult = z.infer<typeof bridgeInvokeResultSchema>;

export interface BridgeTransport {
  /** Calls method `name`; resolves with a BridgeInvokeResult (validated by the client on arrival). */
  invoke(name: string, request: unknown): Promise<unknown>;
  /** Every event the core publishes, as raw name and payload; returns the unsubscribe function. */
  onEvent(fn: (name: string, payload: unknown) => void): () => void;
}

/** The IPC channels the preload and the shell's handlers agree on (see shared/bridge.ts). */
export function bridgeInvokeChannel(name: string): string {
  return `bridge:${name}`;
}
export const BRIDGE_EVENT_CHANNEL = 'bridge:event';
