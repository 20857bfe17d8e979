import type { ContactPoint } from '../../../shared/contact-points.ts';
import { KeychainError } from '../secrets/keytar-secret-store.ts';
import { secretEnvName, type SecretVault } from '../secrets/secret-vault.ts';
import type { ContactMessage } from './contact-message.ts';
import { redactSecrets } from './redact.ts';
import { senderFor } from './senders/registry.ts';
import type { FetchLike, SendResult } from './senders/sender.ts';

// One attempt at one message through one point, with the point's secret and a timeout: what the outbox
// loop and "Send test" share. It never throws: every failure is a SendResult the operator can read.

export interface DeliverOnceOptions {
  vault: SecretVault;
  fetch: FetchLike;
  timeoutMs: number;
  now: number;
  signal?: AbortSignal;
}

export function missingSecretMessage(pointId: string): string {
  return (
    `no secret for contact point "${pointId}": run "streamtray secret set ${pointId} --kind notify" ` +
    `or set ${secretEnvName(pointId, 'notify')}`
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function noAnswer(error: string): SendResult {
  return { outcome: 'retry', status: null, answer: '', error, retryAfterMs: null };
}

export async function deliverOnce(
  point: ContactPoint,
  message: ContactMessage,
  options: DeliverOnceOptions,
): Promise<SendResult> {
  const sender = senderFor(point);
  let secret: string | null;
  try {
    secret = await options.vault.get(point.id, 'notify');
  } catch (error) {
    // The keychain may be locked now and open later: worth another try.
    const why =
      error instanceof KeychainError
        ? error.message.replace(/\s*On a headless machine.*$/s, '')
        : describe(error);
    return noAnswer(
      `cannot read the secret of contact point "${point.id}" (${why.replace(/\.$/, '')}); ` +
        `set ${secretEnvName(point.id, 'notify')} instead`,
    );
  }
  if (secret === '') secret = null;
  if (secret === null && sender.secretRequired(point)) return noAnswer(missingSecretMessage(point.id));
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    // A transport that ignores the signal must not hold the point's queue (or close()) forever.
    return await Promise.race([
      sender.send({
        point,
        message,
        secret,
        signal,
        fetch: options.fetch,
        now: options.now,
        timeoutMs: options.timeoutMs,
      }),
      rejectOnAbort(signal),
    ]);
  } catch (error) {
    return noAnswer(redactSecrets(describe(error), [secret]));
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
