import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  phpJsonEncode,
  type PhpJsonValue,
} from '../../../../electron/core/providers/scaleengine/php-json-encode.ts';
import {
  phpJsonDecode,
  phpJsonEncodeValue,
  PhpJsonError,
} from '../../../../electron/simulators/scaleengine/php-json.ts';

const reencode = (text: string) => phpJsonEncodeValue(phpJsonDecode(text));

describe('simulator PHP json_decode + json_encode', () => {
  it('re-encodes the way PHP does: slashes and non-ASCII escaped, lowercase hex, keys in order', () => {
    expect(reencode('{ "b": "a/b", "a": "\\u00E9😀" }')).toBe('{"b":"a\\/b","a":"\\u00e9\\ud83d\\ude00"}');
    expect(reencode('["\\t\\u0001\\"\\\\", true, null]')).toBe('["\\t\\u0001\\"\\\\",true,null]');
  });

  it('types numbers as PHP does: ints stay ints, floats lose a zero fraction, huge ints become floats', () => {
    expect(reencode('[158, -3, 1.0, 2.50, 1e2, 0.00001, 10000000000000000000]')).toBe(
      '[158,-3,1,2.5,100,1.0e-5,1.0e+19]',
    );
    expect(reencode('9223372036854775807')).toBe('9223372036854775807');
  });

  it('keeps the first position of a repeated member and the last value', () => {
    expect(reencode('{"a":1,"b":2,"a":3}')).toBe('{"a":3,"b":2}');
  });

  it.each([
    ['an unpaired surrogate escape', '"\\ud800"'],
    ['a raw control character', '"a\u0001"'],
    ['trailing garbage', '{"a":1}x'],
    ['a trailing comma', '[1,]'],
    ['a truncated body', '{"a":"b'],
  ])('rejects %s as PHP does', (_label, text) => {
    expect(() => phpJsonDecode(text)).toThrow(PhpJsonError);
  });

  // The client's encoder and the simulator's codec are written independently; a request the client
  // encodes must come out of a PHP-style decode and re-encode byte for byte the same.
  it('agrees with the client encoder on arbitrary request-like values', () => {
    const scalar = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({
        unit: fc.constantFrom(
          '/',
          '|',
          '*',
          '?',
          '&',
          '=',
          '#',
          '%',
          '+',
          '"',
          '\\',
          '\n',
          '\u0000',
          'é',
          '😀',
          'a',
        ),
      }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.boolean(),
      fc.constant(null),
    );
    const value: fc.Arbitrary<PhpJsonValue> = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 5 }),
      fc.dictionary(
        fc.string({ unit: 'binary' }).filter((k) => !/^\d+$/.test(k) && k !== '__proto__'),
        scalar,
        { maxKeys: 5 },
      ),
    );
    fc.assert(
      fc.property(value, (v) => {
        const sent = phpJsonEncode(v);
        expect(reencode(sent)).toBe(sent);
      }),
      // A double whose 16-digit rounding is not its shortest closest form (…354.25 in binary): the
      // simulator once wrote …354.3 where PHP writes …354.2.
      { numRuns: 500, examples: [[Number('-757793252305354.2')], [0.1], [1e25], [1.5e-7]] },
    );
  });
});
