import { z } from 'zod';
import { baseUrlSchema, sourceIdSchema } from './config-fields.ts';

// The config's `notify` list: where notifications go beyond this desktop (docs/contact-points.md). Each
// point's secret (signing key, webhook URL, bot token, SMTP password, routing key) lives in the keychain
// as `<id>:notify`, never here.

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const minSeveritySchema = z.enum(SEVERITIES);

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const pointCommon = {
  /** Used in keychain accounts and environment variable names, like a source id. */
  id: sourceIdSchema,
  name: nonEmpty.optional(),
  minSeverity: minSeveritySchema.default('warning'),
  /** Source ids whose notifications go here; absent: every source. */
  sources: z.array(sourceIdSchema).min(1, 'list at least one source id, or leave the field out').optional(),
  /** Re-send an unacknowledged critical incident this often; 0 never. */
  repeatMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(30),
  ignoreQuietHours: z.boolean().default(false),
  /** API-type points: a self-hosted or test server instead of the public API. */
  baseUrl: baseUrlSchema.optional(),
};

/** Points whose whole address is their secret (the incoming-webhook URL). */
export const CHAT_WEBHOOK_TYPES = ['slack', 'discord', 'teams', 'dingtalk', 'wecom', 'feishu'] as const;

const webhookPoint = z.strictObject({ ...pointCommon, type: z.literal('webhook'), url: baseUrlSchema });
const chatPoint = z.strictObject({ ...pointCommon, type: z.enum(CHAT_WEBHOOK_TYPES) });
const telegramPoint = z.strictObject({
  ...pointCommon,
  type: z.literal('telegram'),
  chatId: z.union([nonEmpty, z.number().int()]),
});
const emailPoint = z.strictObject({
  ...pointCommon,
  type: z.literal('email'),
  smtp: z.strictObject({
    host: nonEmpty,
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    user: nonEmpty.optional(),
  }),
  from: nonEmpty,
  to: z.array(nonEmpty).min(1, 'list at least one address'),
});
const ntfyPoint = z.strictObject({ ...pointCommon, type: z.literal('ntfy'), url: baseUrlSchema });
const pagerdutyPoint = z.strictObject({ ...pointCommon, type: z.literal('pagerduty') });
const alertmanagerPoint = z.strictObject({
  ...pointCommon,
  type: z.literal('alertmanager'),
  url: baseUrlSchema,
  /** Basic-auth user name, when a password is stored as the point's secret (default `streamtray`). */
  user: nonEmpty.optional(),
});

export const contactPointSchema = z.discriminatedUnion('type', [
  webhookPoint,
  chatPoint,
  telegramPoint,
  emailPoint,
  ntfyPoint,
  pagerdutyPoint,
  alertmanagerPoint,
]);
export type ContactPoint = z.infer<typeof contactPointSchema>;
export type ContactPointType = ContactPoint['type'];
