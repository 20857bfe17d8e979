import { z } from 'zod';
import { alertPolicySchema } from './alert-policy.ts';
import { baseUrlSchema, nonEmpty, sourceIdSchema } from './config-fields.ts';
import { contactPointSchema } from './contact-points.ts';
import { detectorConfigSchema } from './detector-config.ts';
import { formatIssues, PARSE_PARAMS } from './schema-errors.ts';

export { baseUrlSchema, isLoopbackHost, sourceIdSchema } from './config-fields.ts';

// The one config document shared by the desktop app, `serve` and the CLI (docs/configuration.md). Strict at
// every level: an unknown field is an error naming its path, so a typo or a pasted secret is refused
// instead of silently ignored.

export const DEFAULT_WMSPANEL_DAILY_BUDGET = 15_000;

const sourceCommon = {
  id: sourceIdSchema,
  name: nonEmpty.optional(),
  baseUrl: baseUrlSchema.optional(),
  timeoutSeconds: z.number().positive().max(300).optional(),
};

export const wmspanelSourceSchema = z.strictObject({
  ...sourceCommon,
  provider: z.literal('wmspanel'),
  clientId: nonEmpty,
  dataSlice: nonEmpty.optional(),
  server: nonEmpty.optional(),
  /** The account's API calls per UTC day (default 15,000); the poller slows down to stay under it. */
  dailyCallBudget: z.number().int().min(100).max(1_000_000).optional(),
});

const scaleEngineApp = z.union([nonEmpty, z.number().int().positive()]);

export const scaleEngineSourceSchema = z.strictObject({
  ...sourceCommon,
  provider: z.literal('scaleengine'),
  apiKey: nonEmpty,
  cdnId: z.number().int().positive(),
  apps: z.array(scaleEngineApp).min(1, 'list at least one application name or id'),
  urls: z.array(nonEmpty).optional(),
});

export const qiniuSourceSchema = z.strictObject({
  ...sourceCommon,
  provider: z.literal('qiniu'),
  accessKey: nonEmpty,
  hub: nonEmpty,
});

export const sourceConfigSchema = z.discriminatedUnion('provider', [
  wmspanelSourceSchema,
  scaleEngineSourceSchema,
  qiniuSourceSchema,
]);
export type SourceConfig = z.infer<typeof sourceConfigSchema>;
export type WmspanelSourceConfig = z.infer<typeof wmspanelSourceSchema>;
export type ScaleEngineSourceConfig = z.infer<typeof scaleEngineSourceSchema>;
export type QiniuSourceConfig = z.infer<typeof qiniuSourceSchema>;

const port = z.number().int().min(0).max(65535);
const listenerFields = (defaultPort: number) => ({
  host: nonEmpty.default('127.0.0.1'),
  port: port.default(defaultPort),
});

export const localeSettingSchema = z.enum(['system', 'en', 'zh-CN']);
export const themeSchema = z.enum(['system', 'light', 'dark']);

export const dashboardConfigSchema = z.strictObject({
  ...listenerFields(8786),
  /** Host names (beside loopback names) the dashboard answers to when it listens off loopback. */
  allowedHosts: z.array(nonEmpty).default([]),
  /** Serve HTTPS with this certificate and key (PEM files). */
  tls: z.strictObject({ certFile: nonEmpty, keyFile: nonEmpty }).nullable().default(null),
  /** The address operators reach the dashboard at, for links in contact-point messages. */
  publicUrl: baseUrlSchema.nullable().default(null),
});

export const configSchema = z
  .strictObject({
    sources: z.array(sourceConfigSchema).default([]),
    pollIntervalSeconds: z.number().int().min(5).max(86_400).default(30),
    requestTimeoutSeconds: z.number().positive().max(300).default(10),
    locale: localeSettingSchema.default('system'),
    theme: themeSchema.default('system'),
    alerts: alertPolicySchema.prefault({}),
    detectors: detectorConfigSchema.prefault({}),
    retention: z
      .strictObject({ alertLogDays: z.number().int().min(1).max(3650).default(90) })
      .prefault({}),
    webhooks: z.strictObject(listenerFields(8787)).prefault({}),
    dashboard: dashboardConfigSchema.prefault({}),
    notify: z.array(contactPointSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.sources.forEach((source, index) => {
      const earlier = seen.get(source.id.toLowerCase());
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', index, 'id'],
          message: `duplicate id "${source.id}" (also sources[${earlier}].id)`,
        });
      }
      seen.set(source.id.toLowerCase(), index);
    });
    const points = new Map<string, number>();
    config.notify.forEach((point, index) => {
      const earlier = points.get(point.id.toLowerCase());
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['notify', index, 'id'],
          message: `duplicate id "${point.id}" (also notify[${earlier}].id)`,
        });
      }
      points.set(point.id.toLowerCase(), index);
      point.sources?.forEach((id, at) => {
        if (!seen.has(id.toLowerCase()))
          ctx.addIssue({ code: 'custom', path: ['notify', index, 'sources', at], message: `no source "${id}"` });
      });
    });
  });
export type ConfigInput = z.input<typeof configSchema>;
export type DashboardConfig = z.infer<typeof dashboardConfigSchema>;
export type LocaleSetting = z.infer<typeof localeSettingSchema>;
export type Theme = z.infer<typeof themeSchema>;
export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

export function parseConfig(input: unknown): ConfigResult {
  const result = configSchema.safeParse(input, PARSE_PARAMS);
  return result.success ? { ok: true, config: result.data } : { ok: false, errors: formatIssues(result.error) };
}
