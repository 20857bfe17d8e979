import { formatIssues, PARSE_PARAMS } from '../../../shared/schema-errors.ts';
import { serverEventBodySchema, streamEventBodySchema, type BodyParseResult } from './webhook-schemas.ts';

/**
 * Decodes one delivery's bytes into a stream or server event. The two bodies are told apart by their
 * `stream` / `server` field; a body with both is refused rather than guessed at.
 */
export function parseWebhookBody(bytes: Buffer): BodyParseResult {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return {
      ok: false,
      problems: [bytes.length === 0 ? '(root): the body is empty' : '(root): the body is not valid JSON'],
    };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, problems: ['(root): expected a JSON object'] };
  }
  const hasStream = Object.hasOwn(json, 'stream');
  const hasServer = Object.hasOwn(json, 'server');
  if (hasStream && hasServer)
    return { ok: false, problems: ['stream, server: expected one of them, not both'] };
  if (!hasStream && !hasServer)
    return { ok: false, problems: ['stream: required (or server, for a server event)'] };

  if (hasStream) {
    const result = streamEventBodySchema.safeParse(json, PARSE_PARAMS);
    return result.success
      ? { ok: true, body: { kind: 'stream', ...result.data } }
      : { ok: false, problems: formatIssues(result.error) };
  }
  const result = serverEventBodySchema.safeParse(json, PARSE_PARAMS);
  return result.success
    ? { ok: true, body: { kind: 'server', ...result.data } }
    : { ok: false, problems: formatIssues(result.error) };
}
