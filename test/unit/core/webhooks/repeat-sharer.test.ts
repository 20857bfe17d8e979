import { describe, expect, it } from 'vitest';
import { createRepeatSharer } from '../../../../electron/core/webhooks/repeat-sharer.ts';

describe('repeat sharer', () => {
  it('hands back the previous value for a repeat, so a storm of incidents keeps one copy', () => {
    const sharer = createRepeatSharer();
    const first = sharer.checkpoints(['New York, USA', 'Frankfurt, DE']);
    const repeat = sharer.checkpoints(['New York, USA', 'Frankfurt, DE']);
    expect(repeat).toBe(first);
    const source = sharer.sourceId(['w', 'ms'].join(''));
    expect(sharer.sourceId(['wm', 's'].join(''))).toBe(source);
  });

  it('never swaps in a different value: order, length and content all count', () => {
    const sharer = createRepeatSharer();
    sharer.checkpoints(['a', 'b']);
    expect(sharer.checkpoints(['b', 'a'])).toEqual(['b', 'a']);
    expect(sharer.checkpoints(['b'])).toEqual(['b']);
    expect(sharer.checkpoints([])).toEqual([]);
    expect(sharer.sourceId('wms')).toBe('wms');
    expect(sharer.sourceId('other')).toBe('other');
  });
});
