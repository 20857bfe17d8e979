import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../../../electron/core/config/json-location.ts';

describe('locateJsonError', () => {
  it('is null for valid JSON', () => {
    expect(locateJsonError('{"a": [1, 2]}')).toBeNull();
  });

  it('finds the unexpected token V8 does not place', () => {
    expect(locateJsonError('{\n  "a": 1,\n  "b": yes\n}')).toMatchObject({ line: 3, column: 8 });
  });

  it('agrees with V8 wherever V8 names the line and column', () => {
    fc.assert(
      fc.property(
        fc.json(),
        fc.nat(),
        fc.constantFrom('}', ']', ',', ':', '"', '\n', 'x', '1'),
        (json, at, junk) => {
          const position = at % (json.length + 1);
          const text = json.slice(0, position) + junk + json.slice(position);
          let v8: { line: number; column: number } | undefined;
          try {
            JSON.parse(text);
            return;
          } catch (error) {
            const match = /\(line (\d+) column (\d+)\)/.exec((error as Error).message);
            if (match) v8 = { line: Number(match[1]), column: Number(match[2]) };
          }
          const found = locateJsonError(text);
          expect(found).not.toBeNull();
          if (v8) expect({ line: found?.line, column: found?.column }).toEqual(v8);
        },
      ),
      { numRuns: 300 },
    );
  });
});
