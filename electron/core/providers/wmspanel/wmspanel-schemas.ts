import { z } from 'zod';
import { dailyStatsRowSchema } from '../../../../shared/daily-stats.ts';

// WMSPanel pull API answers (docs/providers.md). Every answer carries `status`; a 200 whose
// status is not "Ok" is the provider's own failure, so the envelope is read before the payload.

export const envelopeSchema = z.looseObject({
  status: z.string(),
  message: z.string().optional(),
});

export const dataSliceSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
});
export type DataSlice = z.infer<typeof dataSliceSchema>;

export const dataSlicesResponseSchema = z.object({
  status: z.literal('Ok'),
  data_slices: z.array(dataSliceSchema),
});

export const dailyStatsResponseSchema = z.object({
  status: z.literal('Ok'),
  stats: z.array(dailyStatsRowSchema),
});
