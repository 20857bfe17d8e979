// What the simulated WMSPanel account holds: data slices, servers and one daily stats row per (slice,
// server, day), each a pure function of the seed so tests and the demo can recompute what was served.
// Figures come from the shared audience model sampled hourly: concurrent viewers give view time, view time
// over a session length gives connections, viewers times bitrate gives traffic and peak rates.

import { DAILY_STATS_PROTOCOL_FIELDS } from '../../../shared/daily-stats.ts';
import { bitrateOf, isLive, streamNames, TIME, unitHash, viewersAt } from '../common/audience.ts';

export const PROTOCOL_FIELDS = DAILY_STATS_PROTOCOL_FIELDS;

/** The undocumented counter some older accounts still send (docs/providers.md: keep unknown `*_viewers`). */
export const LEGACY_VIEWER_FIELD = 'wowza_viewers';

/** Typical share of connections per protocol: HLS dominates, a few are rare or unused. */
const PROTOCOL_WEIGHT: Record<string, number> = {
  hls_viewers: 0.55,
  hds_viewers: 0.02,
  smooth_viewers: 0.02,
  rtsp_viewers: 0.06,
  rtmp_viewers: 0.18,
  mgh_viewers: 0.08,
  dash_viewers: 0.03,
  dvr_viewers: 0.04,
  ice_viewers: 0.01,
  pd_viewers: 0.03,
  [LEGACY_VIEWER_FIELD]: 0.05,
};

/** The day the simulated account was opened (the document's ids date from then): no data before it. */
export const ACCOUNT_OPENED = '2014-08-05';

export interface SimDataSlice {
  id: string;
  name: string;
  streams: readonly string[];
}

export interface SimAccount {
  slices: readonly SimDataSlice[];
  servers: readonly string[];
}

export type SimDailyRow = Record<string, number | string> & { date: string; viewers: number };

function hex(value: number, digits: number): string {
  return Math.floor(value).toString(16).padStart(digits, '0').slice(-digits);
}

/** A MongoDB ObjectId-like 24-hex id (creation seconds, machine, process, counter), as WMSPanel uses. */
function objectId(seed: string, label: string, createdMs: number, counter: number): string {
  return (
    hex(createdMs / 1000, 8) +
    hex(unitHash(seed, 'machine') * 0x1000000, 6) +
    hex(unitHash(seed, label, 'process') * 0x10000, 4) +
    hex(counter, 6)
  );
}

const OPENED_MS = Date.parse(`${ACCOUNT_OPENED}T09:41:13Z`);

/** The account behind a seed: three data slices over ten streams, three servers. */
export function simulatedAccount(seed: string): SimAccount {
  const streams = streamNames('live/ch', 10);
  const regional = streams.filter((stream, i) => i === 0 || unitHash(seed, stream, 'region') < 0.5);
  const slices: SimDataSlice[] = [
    { id: objectId(seed, 'full', OPENED_MS, 1), name: 'Full data slice', streams },
    { id: objectId(seed, 'eu', OPENED_MS + 13_000, 1), name: 'Europe', streams: regional },
    {
      id: objectId(seed, 'client', OPENED_MS + 86_400_000, 1),
      name: 'Client: Riverside TV',
      streams: streams.slice(0, 3),
    },
  ];
  const servers = ['origin', 'edge-1', 'edge-2'].map((name, i) =>
    objectId(seed, `server-${name}`, OPENED_MS - 3_600_000 * (i + 1), i + 1),
  );
  return { slices, servers };
}

interface Hourly {
  concurrent: number[];
  outBps: number[];
  inBps: number[];
}

/**
 * The shared model sizes streams for a CDN; one WMSPanel server carries about a tenth of that, which keeps
 * three servers' peaks in the low Gbps, like a real Nimble deployment.
 */
const SERVER_SHARE = 0.1;

/** Hour-by-hour audience of one server for one slice's streams, for the hours of the day before `untilMs`. */
function hourly(
  seed: string,
  streams: readonly string[],
  server: string,
  dayMs: number,
  untilMs: number,
): Hourly {
  const result: Hourly = { concurrent: [], outBps: [], inBps: [] };
  const bitrates = streams.map((stream) => bitrateOf(seed, stream));
  for (let hour = 0; hour < 24 && dayMs + hour * TIME.HOUR < untilMs; hour += 1) {
    const at = dayMs + hour * TIME.HOUR + 30 * TIME.MINUTE;
    let concurrent = 0;
    let outBps = 0;
    let inBps = 0;
    streams.forEach((stream, i) => {
      const key = `${server}|${stream}`;
      if (!isLive(seed, key, at)) return;
      const bitrate = bitrates[i] ?? 0;
      // Mean concurrency over the hour, so fractional: small streams do not round away.
      const viewers = viewersAt(seed, key, at) * SERVER_SHARE;
      concurrent += viewers;
      outBps += viewers * bitrate;
      // The publisher sends the top rendition plus audio while the stream is on air.
      inBps += bitrate * 1.25 + 128_000;
    });
    result.concurrent.push(concurrent);
    result.outBps.push(outBps);
    result.inBps.push(inBps);
  }
  return result;
}

/** Splits `total` over the fields in proportion to their weights; the parts add up to `total` exactly. */
function split(total: number, weights: readonly [string, number][]): Record<string, number> {
  const sum = weights.reduce((acc, [, weight]) => acc + weight, 0);
  const parts = weights.map(([field, weight]) => {
    const exact = sum === 0 ? 0 : (total * weight) / sum;
    return { field, whole: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = total - parts.reduce((acc, part) => acc + part.whole, 0);
  for (const part of [...parts].sort((a, b) => b.rest - a.rest)) {
    if (left <= 0) break;
    part.whole += 1;
    left -= 1;
  }
  return Object.fromEntries(parts.map((part) => [part.field, part.whole]));
}

function protocolWeights(seed: string, server: string, date: string, legacy: boolean): [string, number][] {
  const fields: string[] = legacy ? [...PROTOCOL_FIELDS, LEGACY_VIEWER_FIELD] : [...PROTOCOL_FIELDS];
  return fields.map((field) => {
    // Some servers never serve a protocol at all (e.g. no Icecast), the rest wobble day to day.
    const unused = unitHash(seed, server, field, 'unused') < 0.3 && field !== 'hls_viewers';
    const weight = (PROTOCOL_WEIGHT[field] ?? 0) * (0.8 + 0.4 * unitHash(seed, server, field, date));
    return [field, unused ? 0 : weight];
  });
}

function peak(values: readonly number[], seed: string, ...key: string[]): number {
  const top = values.reduce((acc, value) => Math.max(acc, value), 0);
  // A peak within the hour sits above the hour's mean.
  return Math.round(top * (1 + 0.15 * unitHash(seed, ...key, 'peak')));
}

function serverRow(
  seed: string,
  slice: SimDataSlice,
  server: string,
  date: string,
  audience: Hourly,
  legacy: boolean,
): SimDailyRow {
  const viewTime = Math.round(audience.concurrent.reduce((acc, value) => acc + value * 3600, 0));
  const sessionSeconds = 300 + 1200 * unitHash(seed, slice.id, server, date, 'session');
  const viewers = viewTime === 0 ? 0 : Math.max(1, Math.round(viewTime / sessionSeconds));
  const messageOut = Math.round(audience.outBps.reduce((acc, bps) => acc + (bps * 3600) / 8, 0));
  return {
    date,
    viewers,
    ...split(viewers, protocolWeights(seed, server, date, legacy)),
    message_in: Math.round(audience.inBps.reduce((acc, bps) => acc + (bps * 3600) / 8, 0)),
    message_out: messageOut,
    message_lost: Math.round(messageOut * 0.002 * unitHash(seed, slice.id, server, date, 'lost')),
    max_message_in_rate: peak(audience.inBps, seed, slice.id, server, date, 'in'),
    max_message_out_rate: peak(audience.outBps, seed, slice.id, server, date, 'out'),
    total_view_time: viewTime,
  };
}

function addHourly(into: Hourly, more: Hourly): void {
  for (const key of ['concurrent', 'outBps', 'inBps'] as const) {
    more[key].forEach((value, i) => {
      into[key][i] = (into[key][i] ?? 0) + value;
    });
  }
}

/** One day of a slice, for one server or (without `server`) the sum over every server. */
export function simulatedDay(
  seed: string,
  account: SimAccount,
  slice: SimDataSlice,
  server: string | undefined,
  date: string,
  untilMs: number,
  legacy = false,
): SimDailyRow {
  const dayMs = Date.parse(`${date}T00:00:00Z`);
  const servers = server === undefined ? account.servers : [server];
  const total: Hourly = { concurrent: [], outBps: [], inBps: [] };
  let sum: SimDailyRow | undefined;
  for (const id of servers) {
    const audience = hourly(seed, slice.streams, id, dayMs, untilMs);
    addHourly(total, audience);
    const row = serverRow(seed, slice, id, date, audience, legacy);
    if (sum === undefined) sum = row;
    else
      for (const [key, value] of Object.entries(row))
        if (typeof value === 'number') sum[key] = Number(sum[key] ?? 0) + value;
  }
  if (sum === undefined) throw new Error('the simulated account has no servers');
  if (servers.length > 1) {
    // Peaks of the whole slice come from the summed hours, not from adding each server's peak.
    sum.max_message_in_rate = peak(total.inBps, seed, slice.id, 'all', date, 'in');
    sum.max_message_out_rate = peak(total.outBps, seed, slice.id, 'all', date, 'out');
  }
  return sum;
}

/** Whether the panel has no data for a past day of a slice (about one day in ten). */
export function dayAbsent(seed: string, slice: SimDataSlice, date: string): boolean {
  return unitHash(seed, slice.id, date, 'absent') < 0.1;
}

const MAX_CACHED_DAYS = 50_000;

export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The rows WMSPanel would report for `from`..`to`, in date order: nothing before the account was opened
 * or after today (`nowMs`), today only up to the current hour, and about one past day in ten missing.
 */
export function simulatedDailyStats(query: {
  seed: string;
  account: SimAccount;
  slice: SimDataSlice;
  server?: string | undefined;
  from: string;
  to: string;
  nowMs: number;
  legacy?: boolean | undefined;
  /** Finished days never change: a long-running simulator (the demo) keeps them here. */
  cache?: Map<string, SimDailyRow> | undefined;
}): SimDailyRow[] {
  const today = utcDate(query.nowMs);
  const first = query.from < ACCOUNT_OPENED ? ACCOUNT_OPENED : query.from;
  const last = query.to > today ? today : query.to;
  const rows: SimDailyRow[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); utcDate(ms) <= last; ms += TIME.DAY) {
    const date = utcDate(ms);
    if (date < today && dayAbsent(query.seed, query.slice, date)) continue;
    const key = `${query.slice.id}|${query.server ?? ''}|${date}|${String(query.legacy ?? false)}`;
    const cached = date < today ? query.cache?.get(key) : undefined;
    const row =
      cached ??
      simulatedDay(query.seed, query.account, query.slice, query.server, date, query.nowMs, query.legacy);
    if (cached === undefined && date < today && query.cache) {
      if (query.cache.size >= MAX_CACHED_DAYS) query.cache.clear();
      query.cache.set(key, row);
    }
    rows.push(row);
  }
  return rows;
}
