import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  phpJsonEncode,
  PhpJsonEncodeError,
  type PhpJsonValue,
} from '../../../../../electron/core/providers/scaleengine/php-json-encode.ts';

// Expected strings are written from PHP's json_encode rules (default flags, PHP >= 7.1), not from our code.
describe('phpJsonEncode', () => {
  it('escapes slashes and keeps objects compact and in insertion order', () => {
    expect(phpJsonEncode({ z: 'a/b', a: 1, m: [true, false, null] })).toBe(
      '{"z":"a\\/b","a":1,"m":[true,false,null]}',
    );
  });

  it('writes every non-ASCII code unit as lowercase \\uXXXX, emoji as a surrogate pair', () => {
    expect(phpJsonEncode('café')).toBe('"caf\\u00e9"');
    expect(phpJsonEncode('直播')).toBe('"\\u76f4\\u64ad"');
    expect(phpJsonEncode('😀')).toBe('"\\ud83d\\ude00"');
    expect(phpJsonEncode('\u00a0\u2028')).toBe('"\\u00a0\\u2028"');
  });

  it('escapes control characters, quotes and backslashes as PHP does, and leaves DEL alone', () => {
    expect(phpJsonEncode('\b\f\n\r\t')).toBe('"\\b\\f\\n\\r\\t"');
    expect(phpJsonEncode('\u0000\u0001\u001f')).toBe('"\\u0000\\u0001\\u001f"');
    expect(phpJsonEncode('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(phpJsonEncode('\u007f')).toBe('"\u007f"');
  });

  it('passes query-like characters through untouched', () => {
    expect(phpJsonEncode('a?b&c=d#e%20f+g')).toBe('"a?b&c=d#e%20f+g"');
    expect(phpJsonEncode('mystream_*|sestore3/x.mp4')).toBe('"mystream_*|sestore3\\/x.mp4"');
  });

  it('writes integers plainly and floats with the shortest round-trip digits in php_gcvt layout', () => {
    expect(phpJsonEncode(158)).toBe('158');
    expect(phpJsonEncode(-42)).toBe('-42');
    expect(phpJsonEncode(0.1)).toBe('0.1');
    expect(phpJsonEncode(-2.5)).toBe('-2.5');
    expect(phpJsonEncode(1 / 3)).toBe('0.3333333333333333');
    expect(phpJsonEncode(0.0001)).toBe('0.0001');
    expect(phpJsonEncode(0.00001)).toBe('1.0e-5');
    expect(phpJsonEncode(1.5e-7)).toBe('1.5e-7');
    expect(phpJsonEncode(1e25)).toBe('1.0e+25');
    expect(phpJsonEncode(1.2345678901234568e20)).toBe('1.2345678901234568e+20');
    // PHP's default flags drop a zero fraction: json_encode(10.0) is "10" (JSON_PRESERVE_ZERO_FRACTION is opt-in).
    expect(phpJsonEncode(10.0)).toBe('10');
  });

  it('refuses what PHP cannot encode instead of inventing bytes', () => {
    expect(() => phpJsonEncode(Number.NaN)).toThrow(PhpJsonEncodeError);
    expect(() => phpJsonEncode(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
    expect(() => phpJsonEncode('\ud800x')).toThrow(/surrogate/);
    expect(() => phpJsonEncode('x\udc00')).toThrow(/surrogate/);
  });

  it('produces pure ASCII that JSON.parse reads back to the same value', () => {
    const value: fc.Arbitrary<PhpJsonValue> = fc.letrec<{ v: PhpJsonValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'binary' }),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(
          fc.string().filter((k) => !/^\d+$/.test(k)),
          tie('v'),
          { maxKeys: 4 },
        ),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const text = phpJsonEncode(v);
        expect(/^[\x20-\x7f]*$/.test(text)).toBe(true);
        expect(JSON.parse(text)).toEqual(v);
      }),
    );
  });
});
