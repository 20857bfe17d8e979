/**
 * A JSON value as a ScaleEngine request can hold it. Objects keep insertion order (as PHP arrays do);
 * integer-like keys would be reordered by JavaScript, so request keys must never look like integers.
 */
export type PhpJsonValue = null | boolean | number | string | readonly PhpJsonValue[] | PhpJsonObject;
export type PhpJsonObject = { readonly [key: string]: PhpJsonValue };

/** A value PHP's json_encode would refuse (it answers `false`), so there are no bytes to sign. */
export class PhpJsonEncodeError extends Error {
  override readonly name = 'PhpJsonEncodeError';
}

// ScaleEngine signs the bytes PHP's json_encode produces with default flags, so every difference from
// JSON.stringify matters: `/` becomes `\/` and everything outside ASCII becomes `\uXXXX` per UTF-16
// code unit (lowercase hex). JSON.stringify already escapes quotes, backslashes and control characters
// exactly as PHP does (\b \f \n \r \t, the rest as lowercase \u00XX) and leaves DEL (0x7f) alone, as
// PHP does; only the two differences are added on top.
const PHP_EXTRA_ESCAPES = /[/\u0080-\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function escapeExtra(ch: string): string {
  return ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function encodeString(value: string): string {
  // PHP only accepts UTF-8 text; a lone surrogate has no UTF-8 form and json_encode fails on it.
  if (LONE_SURROGATE.test(value)) throw new PhpJsonEncodeError('string holds an unpaired UTF-16 surrogate');
  return JSON.stringify(value).replace(PHP_EXTRA_ESCAPES, escapeExtra);
}

/**
 * PHP >= 7.1 floats (serialize_precision = -1): the shortest digits that read back to the same double,
 * laid out as php_gcvt does with 17 digits — plain notation unless the decimal exponent is below -4 or
 * above 16, otherwise `d.ddde+X` with at least one fraction digit (`1.0e+25`). Whole floats lose their
 * fraction (`10.0` → `10`): JSON_PRESERVE_ZERO_FRACTION is not a default flag.
 */
function encodeFloat(value: number): string {
  const [mantissa = '0', exponent = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponent) + 1; // value = 0.DIGITS × 10^decpt
  const sign = value < 0 ? '-' : '';
  if (decpt > 17 || decpt < -3) {
    const e = decpt - 1;
    const fraction = digits.length > 1 ? digits.slice(1) : '0';
    return `${sign}${digits[0] ?? '0'}.${fraction}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

function encodeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new PhpJsonEncodeError(`${String(value)} cannot be encoded as JSON`);
  // A safe integer is what PHP decodes as int and re-encodes unchanged; anything else PHP holds as a
  // float, so it is written the way PHP writes floats and survives a decode/re-encode on the server.
  if (Number.isSafeInteger(value)) return String(value === 0 ? 0 : value);
  return encodeFloat(value);
}

function isList(value: PhpJsonValue): value is readonly PhpJsonValue[] {
  return Array.isArray(value);
}

/** The exact bytes PHP's `json_encode($value)` produces with default flags. */
export function phpJsonEncode(value: PhpJsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return encodeNumber(value);
  if (typeof value === 'string') return encodeString(value);
  if (isList(value)) return `[${value.map((item) => phpJsonEncode(item)).join(',')}]`;
  const members = Object.entries(value).map(([key, item]) => `${encodeString(key)}:${phpJsonEncode(item)}`);
  return `{${members.join(',')}}`;
}
