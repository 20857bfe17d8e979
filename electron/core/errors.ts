import type { ErrorKind, SourceError } from '../../shared/domain.ts';

/**
 * A failure talking to a provider, already classified for the operator. The message is written for a
 * person and never contains a secret: callers build it from hosts, statuses and provider messages only.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ErrorKind;
  /** HTTP status, when the provider answered at all. */
  readonly status: number | undefined;
  /** The provider's own error code (ScaleEngine `code`, Qiniu HTTP status such as 612). */
  readonly providerCode: string | undefined;

  constructor(kind: ErrorKind, message: string, details: { status?: number; providerCode?: string } = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.providerCode = details.providerCode;
  }

  toSourceError(): SourceError {
    return { kind: this.kind, message: this.message };
  }
}

/** Any thrown value as the per-source error the CLI and dashboard show. */
export function toSourceError(error: unknown): SourceError {
  if (error instanceof ProviderError) return error.toSourceError();
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'timeout', message: 'cancelled' };
  return { kind: 'invalid-response', message: error instanceof Error ? error.message : String(error) };
}

/** Removes every occurrence of the given secrets from a text that may have picked one up. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
