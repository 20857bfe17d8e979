export interface BenchResult {
  /** What was measured, e.g. "Qiniu live parse, 2,000 streams, vs JSON.parse". */
  name: string;
  /** The figure, already rounded for reading. */
  value: number | string;
  unit: string;
  /** The target as words, e.g. "≤ 3×". */
  target?: string;
  pass?: boolean;
  /** Raw figures behind the result. */
  detail?: string;
}
