import { redactSecrets, truncateAnswer } from '../redact.ts';
import { parseRetryAfter } from '../retry-after.ts';
import type { DeliveryOutcome, SendRequest, SendResult } from './sender.ts';

// The one HTTP exchange every web-based contact point makes: POST, read the answer, and classify it the
// way docs/contact-points.md promises: 2xx sent; 408, 429 and 5xx retried (honouring Retry-After);
// any other status refused at once with the service's answer; no answer at all retried.

export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A service's own verdict on a 2xx answer (chat services answer 200 with an error code inside). */
export type JudgeAnswer = (
  status: number,
  text: string,
) => { outcome: DeliveryOutcome; error: string } | null;

function outcomeOf(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer before the timeout';
  if (error instanceof Error && error.name === 'AbortError') return 'cancelled';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
}

/** Retry-After, or Feishu's x-ogw-ratelimit-reset (seconds until its rate window resets). */
function waitAskedFor(response: Response, now: number): number | null {
  return (
    parseRetryAfter(response.headers.get('retry-after'), now) ??
    parseRetryAfter(response.headers.get('x-ogw-ratelimit-reset'), now)
  );
}

export async function postToService(
  request: SendRequest,
  post: HttpPost,
  judge?: JudgeAnswer,
): Promise<SendResult> {
  const secrets = [request.secret];
  let response: Response;
  try {
    response = await request.fetch(post.url, {
      method: 'POST',
      headers: post.headers,
      body: post.body,
      signal: request.signal,
      redirect: 'error',
    });
  } catch (error) {
    return {
      outcome: 'retry',
      status: null,
      answer: '',
      error: redactSecrets(describeNetworkError(error), secrets),
      retryAfterMs: null,
    };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return {
      outcome: 'retry',
      status: response.status,
      answer: '',
      error: redactSecrets(`the answer was cut off: ${describeNetworkError(error)}`, secrets),
      retryAfterMs: null,
    };
  }
  const answer = truncateAnswer(redactSecrets(text, secrets));
  let outcome = outcomeOf(response.status);
  let error = outcome === 'sent' ? null : `HTTP ${response.status}${answer ? `: ${answer}` : ''}`;
  const verdict = outcome === 'sent' ? (judge?.(response.status, text) ?? null) : null;
  if (verdict) {
    outcome = verdict.outcome;
    error = redactSecrets(verdict.error, secrets);
  }
  return {
    outcome,
    status: response.status,
    answer,
    error,
    retryAfterMs: outcome === 'retry' ? waitAskedFor(response, request.now) : null,
  };
}

/** The secret as an http(s) URL, or an error result naming what is wrong with it (never the URL itself). */
export function secretUrl(request: SendRequest, what: string): URL | SendResult {
  const fail = (error: string): SendResult => ({
    outcome: 'failed',
    status: null,
    answer: '',
    error,
    retryAfterMs: null,
  });
  if (request.secret === null) return fail(`no ${what} stored`);
  if (!URL.canParse(request.secret)) return fail(`the stored secret is not a URL: store the ${what}`);
  const url = new URL(request.secret);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail(`the stored ${what} must be an https URL`);
  return url;
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/**
 * What every chat service with an incoming-webhook URL does: the stored secret is the URL, and the
 * message is one JSON body posted to it.
 */
export async function postJsonToSecretUrl(
  request: SendRequest,
  what: string,
  payload: unknown,
  judge?: JudgeAnswer,
): Promise<SendResult> {
  const url = secretUrl(request, what);
  if (!(url instanceof URL)) return url;
  return postToService(
    request,
    { url: url.href, headers: JSON_HEADERS, body: JSON.stringify(payload) },
    judge,
  );
}
