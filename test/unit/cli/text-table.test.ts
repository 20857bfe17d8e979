import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../electron/cli/text-table.ts';

describe('formatTable', () => {
  it('pads every column to its widest cell, numbers to the right, with no trailing spaces', () => {
    const text = formatTable(
      ['SOURCE', 'VIEWERS', 'NOTE'],
      [
        ['pili', '1,234', ''],
        ['a-longer-id', '7', 'x'],
      ],
      ['left', 'right', 'left'],
    );
    expect(text).toBe(
      ['SOURCE       VIEWERS  NOTE', 'pili           1,234', 'a-longer-id        7  x', ''].join('\n'),
    );
  });
});
