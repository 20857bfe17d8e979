import type { z } from 'zod';
import {
  bridgeMethods,
  isBridgeMethod,
  type BridgeHandlers,
  type BridgeMethodName,
} from '../../../shared/bridge.ts';
import type { BridgeInvokeResult } from '../../../shared/bridge-transport.ts';
import { formatIssues, PARSE_PARAMS } from '../../../shared/schema-errors.ts';
import { ProviderError } from '../errors.ts';

// One way to run a Bridge call from raw, untrusted input, shared by the HTTP listener and the Electron
// IPC handlers, so both transports validate, classify failures and hide internals identically.

export type BridgeOutcome =
  | { ok: true; status: 200; value: unknown }
  | { ok: false; status: number; error: { kind: string; message: string } };

/** A provider failing (unreachable, credentials rejected, …) is the upstream's fault, not the caller's. */
export function statusForProviderError(error: ProviderError): number {
  if (error.kind === 'config') return 400;
  if (error.kind === 'timeout') return 504;
  return 502;
}

export interface InvokeOptions {
  /** Faults that are not ProviderErrors: the caller sees a generic message, the operator's log the detail. */
  log?: (message: string) => void;
}

export async function invokeBridge(
  handlers: BridgeHandlers,
  name: string,
  rawRequest: unknown,
  options: InvokeOptions = {},
): Promise<BridgeOutcome> {
  const log = options.log ?? ((message: string) => console.error(message));
  if (!isBridgeMethod(name)) {
    return { ok: false, status: 404, error: { kind: 'not-found', message: `no Bridge method "${name}"` } };
  }
  const method = bridgeMethods[name];
  const request = (method.request as z.ZodType).safeParse(rawRequest ?? {}, PARSE_PARAMS);
  if (!request.success) {
    const problems = formatIssues(request.error).join('; ');
    return { ok: false, status: 400, error: { kind: 'invalid-request', message: `${name}: ${problems}` } };
  }
  let result: unknown;
  try {
    result = await callHandler(handlers, name, request.data);
  } catch (error) {
    if (error instanceof ProviderError) {
      return { ok: false, status: statusForProviderError(error), error: error.toSourceError() };
    }
    log(`bridge ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return {
      ok: false,
      status: 500,
      error: { kind: 'internal', message: `${name} failed inside Streamtray; see its log` },
    };
  }
  // The core's answer is checked too: a bug there must surface here, not as a confusing view.
  const response = (method.response as z.ZodType).safeParse(result, PARSE_PARAMS);
  if (!response.success) {
    log(`bridge ${name} produced an invalid response: ${formatIssues(response.error).join('; ')}`);
    return {
      ok: false,
      status: 500,
      error: { kind: 'internal', message: `${name} produced an invalid response; see the log` },
    };
  }
  return { ok: true, status: 200, value: response.data };
}

function callHandler(handlers: BridgeHandlers, name: BridgeMethodName, request: unknown): Promise<unknown> {
  // The request was just parsed with this method's own schema; the union of handler signatures cannot
  // express that pairing, hence the one widening here.
  const handler = handlers[name] as (request: unknown) => unknown;
  return Promise.resolve().then(() => handler(request));
}

/** The IPC wire form of an outcome (the HTTP status stays on the HTTP side). */
export function toInvokeResult(outcome: BridgeOutcome): BridgeInvokeResult {
  return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, error: outcome.error };
}
