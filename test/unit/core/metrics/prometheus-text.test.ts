import { describe, expect, it } from 'vitest';
import {
  escapeHelp,
  escapeLabelValue,
  formatPrometheus,
} from '../../../../electron/core/metrics/prometheus-text.ts';

describe('formatPrometheus', () => {
  it('writes HELP and TYPE before each family and one line per sample', () => {
    const text = formatPrometheus([
      {
        name: 'streamtray_viewers',
        help: 'Viewers per stream.',
        type: 'gauge',
        samples: [
          { labels: { source: 'pili', stream: 's0001' }, value: 12 },
          { labels: { source: 'pili', stream: 's0002' }, value: 0 },
        ],
      },
      {
        name: 'streamtray_poll_errors_total',
        help: 'Failed polls.',
        type: 'counter',
        samples: [{ value: 3 }],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP streamtray_viewers Viewers per stream.',
        '# TYPE streamtray_viewers gauge',
        'streamtray_viewers{source="pili",stream="s0001"} 12',
        'streamtray_viewers{source="pili",stream="s0002"} 0',
        '# HELP streamtray_poll_errors_total Failed polls.',
        '# TYPE streamtray_poll_errors_total counter',
        'streamtray_poll_errors_total 3',
        '',
      ].join('\n'),
    );
  });

  it('escapes backslash, quote and line feed in label values so a stream name cannot break the line', () => {
    const text = formatPrometheus([
      {
        name: 'streamtray_viewers',
        help: 'Viewers.',
        type: 'gauge',
        samples: [{ labels: { stream: 'rtmp://a/b "live"\\x\nstreamtray_viewers 999' }, value: 1 }],
      },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      'streamtray_viewers{stream="rtmp://a/b \\"live\\"\\\\x\\nstreamtray_viewers 999"} 1',
    );
  });

  it('escapes HELP text but keeps its quotes', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
    expect(escapeLabelValue('a "b"')).toBe('a \\"b\\"');
  });

  it('leaves out unknown values instead of reporting them as 0', () => {
    const text = formatPrometheus([
      {
        name: 'streamtray_bandwidth_bps',
        help: 'Bandwidth.',
        type: 'gauge',
        samples: [
          { labels: { source: 'wms' }, value: null },
          { labels: { source: 'se' }, value: 2.5e6 },
        ],
      },
    ]);
    expect(text).not.toContain('source="wms"');
    expect(text).toContain('streamtray_bandwidth_bps{source="se"} 2500000\n');
  });

  it('spells special values and timestamps as the format wants', () => {
    const text = formatPrometheus([
      {
        name: 'x',
        help: 'x',
        type: 'untyped',
        samples: [
          { value: NaN },
          { value: Infinity, labels: { a: '1' } },
          { value: -Infinity, timestampMs: 1700000000123 },
        ],
      },
    ]);
    expect(text).toContain('x NaN\n');
    expect(text).toContain('x{a="1"} +Inf\n');
    expect(text).toContain('x -Inf 1700000000123\n');
  });

  it('rejects names Prometheus would refuse, naming them', () => {
    expect(() =>
      formatPrometheus([{ name: 'streamtray-viewers', help: '', type: 'gauge', samples: [] }]),
    ).toThrow('metric name "streamtray-viewers"');
    expect(() =>
      formatPrometheus([
        { name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'stream name': 'a' }, value: 1 }] },
      ]),
    ).toThrow('label name "stream name"');
    expect(() =>
      formatPrometheus([
        { name: 'ok', help: '', type: 'gauge', samples: [] },
        { name: 'ok', help: '', type: 'gauge', samples: [] },
      ]),
    ).toThrow('appears twice');
  });
});
