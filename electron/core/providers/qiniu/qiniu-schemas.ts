import { z } from 'zod';
import { formatIssues, PARSE_PARAMS } from '../../../../shared/schema-errors.ts';
import { ProviderError } from '../../errors.ts';
import { parseBody } from '../../http/parse-body.ts';

// Shapes of Pili's play-statistics answers (docs/providers.md). Live figures are concurrent
// viewers, so whole numbers; history and detail are 5-minute means and may carry fractions.

const liveStatSchema = z.object({
  count: z.number().int().nonnegative(),
  bandwidth: z.number().nonnegative(),
});
const meanStatSchema = z.object({ count: z.number().nonnegative(), bandwidth: z.number().nonnegative() });
const unixSeconds = z.number().int().nonnegative();

export type QiniuStat = z.infer<typeof liveStatSchema>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The live answer without its streams: those are checked one by one in `parseLive`, because a z.record
 * would copy the whole map before we copy it again into sorted rows, and a big hub has thousands.
 */
const liveEnvelopeSchema = z.object({
  total: liveStatSchema,
  streams: z.custom<Record<string, unknown>>(isPlainObject, {
    message: 'expected an object of streams by key',
  }),
});

export interface QiniuStreamStat {
  key: string;
  count: number;
  bandwidth: number;
}

export interface QiniuLive<Row = QiniuStreamStat> {
  total: QiniuStat;
  /** Sorted by key (UTF-16 code-unit order, so the same on every machine). */
  streams: Row[];
}

const asStreamStat = (key: string, count: number, bandwidth: number): QiniuStreamStat => ({
  key,
  count,
  bandwidth,
});

/**
 * `GET …/stat/play`: validated and sorted in one pass over the streams, each row built once in the
 * caller's shape (`poll()` runs this on every interval, for hubs with thousands of streams).
 */
export function parseLive(text: string, what: string): QiniuLive;
export function parseLive<Row>(
  text: string,
  what: string,
  row: (key: string, count: number, bandwidth: number) => Row,
): QiniuLive<Row>;
export function parseLive<Row>(
  text: string,
  what: string,
  row?: (key: string, count: number, bandwidth: number) => Row,
): QiniuLive<Row | QiniuStreamStat> {
  const makeRow = row ?? asStreamStat;
  const envelope = parseBody(text, liveEnvelopeSchema, what);
  const map = envelope.streams;
  const keys = Object.keys(map).sort();
  const streams = new Array<Row | QiniuStreamStat>(keys.length);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const result = liveStatSchema.safeParse(map[key], PARSE_PARAMS);
    if (!result.success) {
      const problems = formatIssues(result.error, ['streams', key]);
      throw new ProviderError('invalid-response', `${what}: unexpected response: ${problems[0]}`);
    }
    streams[i] = makeRow(key, result.data.count, result.data.bandwidth);
  }
  return { total: { count: envelope.total.count, bandwidth: envelope.total.bandwidth }, streams };
}

/** `GET …/stat/play/history`. A missing `marker` is read as the last page. */
export const historyPageSchema = z.object({
  items: z.array(z.object({ time: unixSeconds, stats: meanStatSchema })),
  marker: z.string().optional(),
});

/** `GET …/stat/play/history/detail`. */
export const detailSchema = z.object({
  items: z.array(z.object({ time: unixSeconds, key: z.string(), stats: meanStatSchema })),
});

/** Pili's error body, read leniently: it only decorates a status we already act on. */
export const errorBodySchema = z.object({ error: z.string() });
