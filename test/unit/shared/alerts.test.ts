import { describe, expect, it } from 'vitest';
import { subjectKey } from '../../../shared/alerts.ts';

describe('subjectKey', () => {
  it('tells subjects apart by source, kind and name, whatever order they are asked in', () => {
    const asked: [string, 'stream' | 'server', string][] = [
      ['wms', 'stream', 'rtmp://a/live/x'],
      ['wms', 'stream', 'rtmp://a/live/x'],
      ['wms', 'server', 'rtmp://a/live/x'],
      ['pili', 'stream', 'rtmp://a/live/x'],
      ['wms', 'stream', 'rtmp://a/live/y'],
      ['wms', 'stream', 'rtmp://a/live/x'],
    ];
    const keys = asked.map(([sourceId, kind, name]) => subjectKey(sourceId, { kind, name }));
    expect(keys[0]).toBe(keys[1]);
    expect(keys[0]).toBe(keys[5]);
    expect(new Set(keys).size).toBe(4);
  });
});
