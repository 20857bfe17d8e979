import { describe, expect, it } from 'vitest';
import {
  formatRoute,
  HOME,
  incidentRoute,
  parseRoute,
  routeTo,
  withParams,
} from '../../../../renderer/logic/route.ts';

describe('links into the dashboard', () => {
  it('land on the view, incident and filters they name', () => {
    expect(parseRoute('#/incidents/12')).toEqual({ view: 'incidents', incidentId: 12, params: {} });
    expect(parseRoute('#/charts?range=6h&source=pili')).toEqual({
      view: 'charts',
      incidentId: null,
      params: { range: '6h', source: 'pili' },
    });
    expect(parseRoute('#/streams?q=live%2Fcam%209')).toMatchObject({
      view: 'streams',
      params: { q: 'live/cam 9' },
    });
    expect(parseRoute('#/reports?source=wms&from=2026-11-01&to=2026-11-30')).toMatchObject({
      view: 'daily',
      params: { source: 'wms', from: '2026-11-01', to: '2026-11-30' },
    });
    expect(parseRoute('#/settings').view).toBe('settings');
  });

  it('open Overview for an empty, unknown or mistyped hash instead of a blank page', () => {
    for (const hash of ['', '#', '#/', '#/nowhere', '#/charts-old?range=6h'])
      expect(parseRoute(hash)).toEqual(HOME);
    expect(parseRoute('#/incidents/abc/def')).toEqual({ view: 'incidents', incidentId: null, params: {} });
    expect(parseRoute('#/incidents/0').incidentId).toBeNull();
    expect(parseRoute('#/incidents/7x').incidentId).toBeNull();
    expect(parseRoute('#/incidents/%E0%A4%A')).toMatchObject({ view: 'incidents', incidentId: null });
  });

  it('tolerate a trailing slash and drop empty parameters', () => {
    expect(parseRoute('#/incidents/5/')).toMatchObject({ incidentId: 5 });
    expect(parseRoute('#/streams?q=')).toEqual(routeTo('streams'));
  });

  it('are written with the parameters in the order the view gives them', () => {
    expect(formatRoute(routeTo('charts', { range: '6h', source: 'pili' }))).toBe('#/charts?range=6h&source=pili');
    expect(formatRoute(routeTo('daily', { source: 'wms', from: '2026-11-01', to: '2026-11-30' }))).toBe(
      '#/reports?source=wms&from=2026-11-01&to=2026-11-30',
    );
    expect(formatRoute(incidentRoute(42))).toBe('#/incidents/42');
    expect(formatRoute(routeTo('daily', { source: 'wms' }))).toBe('#/reports?source=wms');
    expect(formatRoute(HOME)).toBe('#/overview');
    expect(formatRoute(routeTo('streams', { q: 'a&b=c #1' }))).toBe('#/streams?q=a%26b%3Dc+%231');
  });

  it('survive a round trip through the address bar unchanged', () => {
    for (const route of [
      incidentRoute(9),
      routeTo('streams', { q: '直播 1' }),
      routeTo('charts', { range: '24h' }),
    ]) {
      expect(parseRoute(formatRoute(route))).toEqual(route);
    }
  });

  it('change one view parameter without losing the others', () => {
    const route = routeTo('charts', { range: '6h', source: 'pili' });
    expect(withParams(route, { range: '24h' }).params).toEqual({ range: '24h', source: 'pili' });
    expect(withParams(route, { source: null }).params).toEqual({ range: '6h' });
    expect(withParams(route, { source: '' }).params).toEqual({ range: '6h' });
  });

  it('open a stream on its own page, its name kept whole even when it is a URL', () => {
    const route = parseRoute('#/streams/wms/rtmp%3A%2F%2Fedge.example.com%2Flive%2Fcam1?q=cam');
    expect(route).toMatchObject({
      view: 'streams',
      stream: { sourceId: 'wms', stream: 'rtmp://edge.example.com/live/cam1' },
      params: { q: 'cam' },
    });
    expect(formatRoute(route)).toBe('#/streams/wms/rtmp%3A%2F%2Fedge.example.com%2Flive%2Fcam1?q=cam');
    expect(parseRoute('#/streams/wms').stream).toBeUndefined();
  });
});
