import { describe, expect, it } from 'vitest';
import { viewersAt } from '../../../../electron/simulators/common/audience.ts';
import {
  audienceKey,
  DEFAULT_APPS,
  formatSeTime,
  SAMPLES_PER_MINUTE,
  urlMatcher,
  viewerLogRecords,
  type Graph,
} from '../../../../electron/simulators/scaleengine/viewer-log-data.ts';

const NOW = Date.UTC(2024, 4, 10, 19, 30, 17);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const seed = 'unit';
const ms = (time: string) => Date.parse(`${time.replace(' ', 'T')}Z`);

function records(graph: Graph, startMs?: number, apps = DEFAULT_APPS) {
  return viewerLogRecords({ apps, graph, startMs, now: NOW, seed });
}

describe('viewer.log data', () => {
  it('has every documented field with coherent statistics', () => {
    for (const graph of [1, 3, 4] as const) {
      const rows = records(graph);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual([
          'app',
          'time',
          'video_url',
          'viewer_count_avg',
          'viewer_count_max',
          'viewer_count_min',
          'viewer_count_sum',
        ]);
        expect(row.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(row.viewer_count_min).toBeLessThanOrEqual(row.viewer_count_avg);
        expect(row.viewer_count_avg).toBeLessThanOrEqual(row.viewer_count_max);
        expect(row.viewer_count_avg).toBeGreaterThan(0);
        expect(row.viewer_count_sum % row.viewer_count_avg).toBe(0);
      }
    }
  });

  it('graph 1 is the last 6 hours by ended minute, each minute the audience model with 6 samples', () => {
    const rows = records(1);
    const times = rows.map((row) => ms(row.time));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 6 * HOUR);
    expect(Math.max(...times)).toBe(Date.UTC(2024, 4, 10, 19, 29));
    for (const row of rows) {
      expect(ms(row.time) % MINUTE).toBe(0);
      expect(row.viewer_count_avg).toBe(viewersAt(seed, audienceKey(row.app, row.video_url), ms(row.time)));
      expect(row.viewer_count_sum).toBe(row.viewer_count_avg * SAMPLES_PER_MINUTE);
    }
  });

  it('graph 2 spans 24 h by minute, graph 3 7 days by hour, graph 4 30 days by day', () => {
    const span = (graph: Graph, unit: number) => {
      const times = records(graph).map((row) => ms(row.time));
      expect(times.every((t) => t % unit === 0)).toBe(true);
      return (Math.max(...times) - Math.min(...times)) / unit;
    };
    expect(span(2, MINUTE)).toBeGreaterThan(23 * 60);
    expect(span(2, MINUTE)).toBeLessThan(24 * 60);
    expect(span(3, HOUR)).toBeGreaterThan(6 * 24);
    expect(span(3, HOUR)).toBeLessThan(7 * 24);
    expect(span(4, DAY)).toBeGreaterThanOrEqual(28);
    expect(span(4, DAY)).toBeLessThan(30);
  });

  it('starts at starttime and keeps minutes 7 days, hours 45 days, then only days', () => {
    const tenDaysAgo = Date.UTC(2024, 3, 30, 12, 0);
    const minuteGraph = records(1, tenDaysAgo);
    expect(minuteGraph.length).toBeGreaterThan(0);
    expect(minuteGraph.every((row) => ms(row.time) % HOUR === 0 && ms(row.time) >= tenDaysAgo)).toBe(true);
    expect(Math.max(...minuteGraph.map((row) => ms(row.time)))).toBeLessThan(tenDaysAgo + 6 * HOUR);

    const sixtyDaysAgo = Date.UTC(2024, 2, 11);
    const hourGraph = records(3, sixtyDaysAgo);
    expect(hourGraph.length).toBeGreaterThan(0);
    expect(hourGraph.every((row) => ms(row.time) % DAY === 0)).toBe(true);

    const recent = records(1, NOW - HOUR);
    expect(recent.some((row) => ms(row.time) % HOUR !== 0)).toBe(true);
    expect(records(1, NOW + HOUR)).toEqual([]);
  });

  it('url patterns: names, pipe lists, * wildcards, arrays; dots are literal', () => {
    const names = [
      'mystream_720p',
      'mystream_360p',
      'sestore3/user/path/file.mp4',
      'sestore3/user/path/fileXmp4',
    ];
    const pick = (patterns: string[]) => names.filter(urlMatcher(patterns));
    expect(pick(['mystream_*'])).toEqual(['mystream_720p', 'mystream_360p']);
    expect(pick(['mystream_720p|sestore3/user/path/file.mp4'])).toEqual([
      'mystream_720p',
      'sestore3/user/path/file.mp4',
    ]);
    expect(pick(['*.mp4', 'mystream_360p'])).toEqual(['mystream_360p', 'sestore3/user/path/file.mp4']);
    expect(pick(['mystream'])).toEqual([]);
  });

  it('formats times as UTC "YYYY-MM-DD HH:MM:SS"', () => {
    expect(formatSeTime(Date.UTC(2014, 8, 21, 15, 11))).toBe('2014-09-21 15:11:00');
  });
});
