// What the chart benchmark's page is asked to do and what it answers (shared by the page and the runner).

export interface BenchOptions {
  series: number;
  points: number;
  warmup: number;
  iterations: number;
}

export interface BenchOutcome {
  /** Milliseconds per live update, from the call until the chart is drawn (canvas commands issued). */
  chartjs: number[];
  /** Of each Chart.js update, the part spent shaping series into chart lines. */
  shaping: number[];
  uplot: number[];
  /** Then rasterising what was drawn (Chromium does it when the frame is painted; forced here). */
  chartjsRaster: number[];
  uplotRaster: number[];
  /** Points drawn per update, as the chart holds them. */
  drawn: number;
}
