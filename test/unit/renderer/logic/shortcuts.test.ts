import { describe, expect, it } from 'vitest';
import { shortcutFor, tabAfterKey } from '../../../../renderer/logic/shortcuts.ts';

const press = (key: string, more: Partial<Parameters<typeof shortcutFor>[0]> = {}) =>
  shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, inEditable: false, ...more });

describe('keyboard shortcuts', () => {
  it('maps 1-6 to the views in tab order and / to the stream filter', () => {
    expect(press('1')).toEqual({ kind: 'view', view: 'overview' });
    expect(press('3')).toEqual({ kind: 'view', view: 'charts' });
    expect(press('6')).toEqual({ kind: 'view', view: 'settings' });
    expect(press('7')).toBeNull();
    expect(press('/')).toEqual({ kind: 'filter' });
  });

  it('leaves typing in fields and browser shortcuts alone', () => {
    expect(press('2', { inEditable: true })).toBeNull();
    expect(press('/', { inEditable: true })).toBeNull();
    expect(press('1', { ctrlKey: true })).toBeNull();
    expect(press('1', { metaKey: true })).toBeNull();
  });

  it('moves across tabs with arrows, wrapping, and Home/End', () => {
    expect(tabAfterKey('overview', 'ArrowLeft')).toBe('settings');
    expect(tabAfterKey('settings', 'ArrowRight')).toBe('overview');
    expect(tabAfterKey('charts', 'Home')).toBe('overview');
    expect(tabAfterKey('charts', 'End')).toBe('settings');
    expect(tabAfterKey('charts', 'Enter')).toBeNull();
  });
});
