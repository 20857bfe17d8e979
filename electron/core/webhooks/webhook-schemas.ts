import { z } from 'zod';

// WMSPanel's two push bodies (docs/providers.md). Objects are not strict:
// WMSPanel may add fields one day, and refusing them would drop real alerts. Extra fields are stripped.

/** `2014-10-16 03:13:31 UTC`, the only format WMSPanel sends. */
export const WEBHOOK_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) UTC$/;

const timeSchema = z.string().regex(WEBHOOK_TIME_PATTERN, 'expected "YYYY-MM-DD HH:MM:SS UTC"');
const digestSchema = z.string().regex(/^[0-9a-fA-F]{32}$/, 'expected 32 hexadecimal characters');
const name = z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters');

export const streamEventBodySchema = z.object({
  time: timeSchema,
  digest: digestSchema,
  /** The stream's full URL, e.g. `rtmp://example.com/monitored/stream`. */
  stream: name,
  status: z.enum(['online', 'offline']),
  /** Checkpoints that failed the check; online events may leave it out. */
  checkpoints: z.array(z.string().max(1024, 'must be at most 1024 characters')).max(1000).default([]),
});
export type StreamEventBody = z.infer<typeof streamEventBodySchema>;

export const serverEventBodySchema = z.object({
  time: timeSchema,
  digest: digestSchema,
  server: name,
  /** WMSPanel has no server-online event. */
  status: z.literal('offline'),
});
export type ServerEventBody = z.infer<typeof serverEventBodySchema>;

export type WebhookBody = ({ kind: 'stream' } & StreamEventBody) | ({ kind: 'server' } & ServerEventBody);

/** What `parseWebhookBody` found wrong, one `field: problem` line each. */
export type BodyParseResult = { ok: true; body: WebhookBody } | { ok: false; problems: string[] };
