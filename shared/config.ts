import { z } from 'zod';
import { formatIssues, PARSE_PARAMS } from './schema-errors.ts';

// The one config document shared by the desktop app and the CLI (DESIGN.md section 4). Sources are strict:
// an unknown field is an error, so a secret pasted into the file is refused instead of silently kept.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** An http(s) base URL; plain http only towards this machine. */
export const baseUrlSchema = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an absolute URL such as https://api.example.com' });
    return;
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  ctx.addIssue({
    code: 'custom',
    message:
      url.protocol === 'http:'
        ? 'https is required unless the host is a loopback address'
        : `expected an http(s) URL, got ${url.protocol}`,
  });
});

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** Used in URLs (/webhooks/<id>), keychain accounts and environment variable names. */
export const sourceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');

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
const listenerSchema = (defaultPort: number) =>
  z.object({ host: nonEmpty.default('127.0.0.1'), port: port.default(defaultPort) });

export const configSchema = z
  .looseObject({
    sources: z.array(sourceConfigSchema).default([]),
    pollIntervalSeconds: z.number().int().min(5).max(86_400).default(30),
    requestTimeoutSeconds: z.number().positive().max(300).default(10),
    webhooks: listenerSchema(8787).prefault({}),
    dashboard: listenerSchema(8786).prefault({}),
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
  });
export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

export function parseConfig(input: unknown): ConfigResult {
  const result = configSchema.safeParse(input, PARSE_PARAMS);
  return result.success ? { ok: true, config: result.data } : { ok: false, errors: formatIssues(result.error) };
}
