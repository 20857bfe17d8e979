import { describe, expect, it } from 'vitest';
import { chartsRouteFromParams, chartsRouteToParams } from '../../../../renderer/logic/chart-route.ts';
import { parseStreamPath, streamHash } from '../../../../renderer/logic/stream-route.ts';

describe('chart and stream links', () => {
  it('round-trips a range and source through the URL, custom windows included', () => {
    const preset = { range: { kind: 'preset', id: '30d' }, sourceId: 'pili' } as const;
    expect(chartsRouteToParams(preset).toString()).toBe('range=30d&source=pili');
    expect(chartsRouteFromParams(chartsRouteToParams(preset))).toEqual(preset);
    const custom = { range: { kind: 'custom', fromMs: 1_000, toMs: 9_000 }, sourceId: '' } as const;
    expect(chartsRouteFromParams(chartsRouteToParams(custom))).toEqual(custom);
  });

  it('falls back to the last hour for a range it does not know', () => {
    expect(chartsRouteFromParams(new URLSearchParams('range=2y&source=se'))).toEqual({
      range: { kind: 'preset', id: '1h' },
      sourceId: 'se',
    });
    expect(chartsRouteFromParams(new URLSearchParams('range=custom&from=9&to=3')).range).toEqual({ kind: 'preset', id: '1h' });
  });

  it('links a stream whose name is a whole URL and reads it back', () => {
    const ref = { sourceId: 'wms', stream: 'rtmp://edge1.example.com/live/cam 1' };
    const hash = streamHash(ref);
    expect(hash).toBe('#/streams/wms/rtmp%3A%2F%2Fedge1.example.com%2Flive%2Fcam%201');
    expect(parseStreamPath(hash.slice('#/streams/'.length))).toEqual(ref);
    expect(parseStreamPath('pili')).toBeNull();
    expect(parseStreamPath('pili/%E0%A4%A')).toBeNull();
  });
});
