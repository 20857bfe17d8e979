// Deterministic, realistic audience figures for the simulators: a daily curve peaking in the evening,
// per-stream sizes spread over orders of magnitude, minute-to-minute noise, and streams that start and
// stop. Everything is a pure function of (seed, stream, time), so a test can recompute what was served.

const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;

/** FNV-1a over one more part's text, from the state so far. */
function fnvStep(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** The FNV state spread evenly over [0, 1). */
function fnvFinish(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The state after the leading parts and the separator that follows them (U+0000: `^= 0` is a no-op). */
function fnvPrefix(...parts: string[]): number {
  let h = FNV_OFFSET;
  for (const part of parts) h = Math.imul(fnvStep(h, part), FNV_PRIME);
  return h;
}

/** A 32-bit hash of the parts joined by U+0000 (FNV-1a, then a final mix), spread evenly over [0, 1). */
export function unitHash(...parts: (string | number)[]): number {
  let h = FNV_OFFSET;
  for (let p = 0; p < parts.length; p += 1) {
    if (p > 0) h = Math.imul(h, FNV_PRIME);
    h = fnvStep(h, String(parts[p]));
  }
  return fnvFinish(h);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 0.15 at 05:00 UTC rising to 1.0 at 20:00 UTC: the shape of an evening audience. */
export function dailyCurve(atMs: number): number {
  const hour = (((atMs % DAY) + DAY) % DAY) / HOUR;
  const phase = ((hour - 20 + 24) % 24) / 24; // 0 at the peak
  return 0.15 + 0.85 * (0.5 + 0.5 * Math.cos(2 * Math.PI * phase));
}

/** Whether a stream is on air in the hour containing `atMs` (about 85% of hours are). */
export function isLive(seed: string, stream: string, atMs: number): boolean {
  // unitHash(seed, stream, 'live', hour), from the remembered hash of its fixed leading parts.
  return fnvFinish(fnvStep(constantsOf(seed, stream).livePrefix, String(Math.floor(atMs / HOUR)))) < 0.85;
}

/** Concurrent viewers of one stream during the minute containing `atMs` (0 when off air). */
export function viewersAt(seed: string, stream: string, atMs: number): number {
  return viewersIfLive(seed, stream, atMs) ?? 0;
}

/** `viewersAt`, but null when the stream is off air (a live stream may still have 0 viewers). */
export function viewersIfLive(seed: string, stream: string, atMs: number): number | null {
  return isLive(seed, stream, atMs) ? liveViewers(seed, stream, atMs) : null;
}

/** The viewers of a stream known to be on air in that minute's hour (the caller checked `isLive`). */
export function liveViewers(seed: string, stream: string, atMs: number): number {
  const known = constantsOf(seed, stream);
  // unitHash(seed, stream, 'noise', minute), from the remembered hash of its fixed leading parts.
  const noise = 0.9 + 0.2 * fnvFinish(fnvStep(known.noisePrefix, String(Math.floor(atMs / MINUTE))));
  return Math.max(0, Math.round(known.size * dailyCurve(atMs) * noise));
}

// A stream's size and bitrate never change: remembered per seed and stream rather than hashed again
// every minute (history answers evaluate millions of stream-minutes). Bounded by the streams simulated.
interface StreamConstants {
  size: number;
  bitrate: number;
  livePrefix: number;
  noisePrefix: number;
}
const constants = new Map<string, Map<string, StreamConstants>>();
const BITRATE_LADDER = [600_000, 979_176, 1_500_000, 2_500_000, 4_500_000];

function constantsOf(seed: string, stream: string): StreamConstants {
  let bySeed = constants.get(seed);
  if (bySeed === undefined) constants.set(seed, (bySeed = new Map<string, StreamConstants>()));
  let found = bySeed.get(stream);
  if (found === undefined) {
    if (bySeed.size >= 100_000) bySeed.clear();
    found = {
      size: 2 + Math.floor(Math.pow(unitHash(seed, stream, 'size'), 3) * 4000), // few large, many small
      bitrate:
        BITRATE_LADDER[Math.floor(unitHash(seed, stream, 'bitrate') * BITRATE_LADDER.length)] ?? 1_500_000,
      livePrefix: fnvPrefix(seed, stream, 'live'),
      noisePrefix: fnvPrefix(seed, stream, 'noise'),
    };
    bySeed.set(stream, found);
  }
  return found;
}

/** Per-viewer bitrate of a stream in bits per second: one rendition between 0.6 and 4.5 Mbps. */
export function bitrateOf(seed: string, stream: string): number {
  return constantsOf(seed, stream).bitrate;
}

/** Stream names such as `s0001` … for a simulated account. */
export function streamNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
}

export const TIME = { MINUTE, HOUR, DAY } as const;
