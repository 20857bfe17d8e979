import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../electron/cli/csv.ts';

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated line per record, in the given column order', () => {
    expect(toCsv(['date', 'viewers'], [{ viewers: 3, date: '2026-11-01' }])).toBe(
      'date,viewers\r\n2026-11-01,3\r\n',
    );
  });

  it('quotes fields with commas, quotes or line breaks, doubling the quotes (RFC 4180)', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: 'x,y', b: 'say "hi"', c: 'two\nlines' }])).toBe(
      'a,b,c\r\n"x,y","say ""hi""","two\nlines"\r\n',
    );
  });

  it('leaves a missing value empty rather than writing 0', () => {
    expect(toCsv(['a', 'b'], [{ a: 1 }])).toBe('a,b\r\n1,\r\n');
  });
});
