// The simulator's own model of what ScaleEngine's PHP server does with a request: json_decode it and
// json_encode it again. Written from PHP's rules independently of the client's encoder (which
// post-processes JSON.stringify): here every value is typed the way PHP types it (ints apart from
// floats, objects as ordered member lists) and strings are escaped one code unit at a time, so a bug in
// either implementation shows up as a signature mismatch instead of passing its own test.

export type PhpValue =
  | { readonly type: 'null' }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'array'; readonly items: PhpValue[] }
  | { readonly type: 'object'; readonly members: [string, PhpValue][] };

export class PhpJsonError extends Error {
  override readonly name = 'PhpJsonError';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_DEPTH = 512; // json_decode's default depth

/** `json_decode($text)` (objects as stdClass): throws where PHP would return null with an error. */
export function phpJsonDecode(text: string): PhpValue {
  let at = 0;

  const fail = (what: string): never => {
    throw new PhpJsonError(`${what} at offset ${at}`);
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
  };
  const expect = (word: string) => {
    if (text.startsWith(word, at)) at += word.length;
    else fail('syntax error');
  };

  const readString = (): string => {
    at += 1; // opening quote
    let out = '';
    for (;;) {
      if (at >= text.length) fail('unterminated string');
      const ch = text.charAt(at);
      const code = ch.charCodeAt(0);
      if (ch === '"') {
        at += 1;
        return out;
      }
      if (code < 0x20) fail('control character in string');
      if (ch !== '\\') {
        out += ch;
        at += 1;
        continue;
      }
      const esc = text.charAt(at + 1);
      at += 2;
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      const mapped = simple[esc];
      if (mapped !== undefined) {
        out += mapped;
        continue;
      }
      if (esc !== 'u') fail('bad escape');
      const unit = readHex4();
      if (unit >= 0xd800 && unit <= 0xdbff) {
        // PHP insists a high surrogate escape is followed by its low half.
        if (text.charAt(at) !== '\\' || text.charAt(at + 1) !== 'u') fail('single unpaired UTF-16 surrogate');
        at += 2;
        const low = readHex4();
        if (low < 0xdc00 || low > 0xdfff) fail('single unpaired UTF-16 surrogate');
        out += String.fromCharCode(unit, low);
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        fail('single unpaired UTF-16 surrogate');
      } else {
        out += String.fromCharCode(unit);
      }
    }
  };

  const readHex4 = (): number => {
    const hex = text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
    at += 4;
    return parseInt(hex, 16);
  };

  const readNumber = (): PhpValue => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) return fail('syntax error');
    at += match[0].length;
    if (match[2] === undefined && match[3] === undefined) {
      const value = BigInt(match[0]);
      // PHP turns integers beyond 64 bits into floats.
      if (value >= INT64_MIN && value <= INT64_MAX) return { type: 'int', value };
    }
    return { type: 'float', value: Number(match[0]) };
  };

  const readValue = (depth: number): PhpValue => {
    if (depth > MAX_DEPTH) fail('maximum stack depth exceeded');
    skipSpace();
    const ch = text.charAt(at);
    if (ch === '{') {
      at += 1;
      const members: [string, PhpValue][] = [];
      skipSpace();
      if (text.charAt(at) === '}') {
        at += 1;
        return { type: 'object', members };
      }
      for (;;) {
        skipSpace();
        if (text.charAt(at) !== '"') fail('expected a member name');
        const key = readString();
        skipSpace();
        expect(':');
        const value = readValue(depth + 1);
        // A repeated name overwrites the value but keeps the first position, as PHP's hash tables do.
        const existing = members.find((member) => member[0] === key);
        if (existing) existing[1] = value;
        else members.push([key, value]);
        skipSpace();
        if (text.charAt(at) === ',') at += 1;
        else if (text.charAt(at) === '}') {
          at += 1;
          return { type: 'object', members };
        } else fail('syntax error');
      }
    }
    if (ch === '[') {
      at += 1;
      const items: PhpValue[] = [];
      skipSpace();
      if (text.charAt(at) === ']') {
        at += 1;
        return { type: 'array', items };
      }
      for (;;) {
        items.push(readValue(depth + 1));
        skipSpace();
        if (text.charAt(at) === ',') at += 1;
        else if (text.charAt(at) === ']') {
          at += 1;
          return { type: 'array', items };
        } else fail('syntax error');
      }
    }
    if (ch === '"') return { type: 'string', value: readString() };
    if (ch === 't') return (expect('true'), { type: 'bool', value: true });
    if (ch === 'f') return (expect('false'), { type: 'bool', value: false });
    if (ch === 'n') return (expect('null'), { type: 'null' });
    return readNumber();
  };

  const value = readValue(1);
  skipSpace();
  if (at !== text.length) fail('syntax error');
  return value;
}

const HEX = '0123456789abcdef';

function escapeUnit(code: number): string {
  return `\\u${HEX[(code >> 12) & 15]}${HEX[(code >> 8) & 15]}${HEX[(code >> 4) & 15]}${HEX[code & 15]}`;
}

function encodeString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code === 0x22) out += '\\"';
    else if (code === 0x5c) out += '\\\\';
    else if (code === 0x2f) out += '\\/';
    else if (code === 0x08) out += '\\b';
    else if (code === 0x0c) out += '\\f';
    else if (code === 0x0a) out += '\\n';
    else if (code === 0x0d) out += '\\r';
    else if (code === 0x09) out += '\\t';
    else if (code < 0x20 || code >= 0x80) out += escapeUnit(code);
    else out += value.charAt(i);
  }
  return `${out}"`;
}

/** php_gcvt(value, 17, '.', 'e') after zend_dtoa mode 0, i.e. serialize_precision = -1. */
function encodeFloat(value: number): string {
  if (!Number.isFinite(value)) throw new PhpJsonError('Inf and NaN cannot be JSON encoded');
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  // zend_dtoa mode 0: the shortest digits that read back as the same double and, among those, the
  // closest. toExponential() without an argument is exactly that (toPrecision rounds the binary value
  // instead: 757793252305354.25 would come out …354.3 where PHP writes …354.2).
  const [mantissa = '', exp = ''] = value.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  let decpt = parseInt(exp, 10) + 1;
  let out = negative ? '-' : '';
  if (decpt < -3 || decpt > 17) {
    decpt -= 1;
    out += `${digits.charAt(0)}.${digits.length > 1 ? digits.slice(1) : '0'}e${decpt < 0 ? '-' : '+'}${Math.abs(decpt)}`;
  } else if (decpt <= 0) {
    out += '0.';
    for (let i = decpt; i < 0; i += 1) out += '0';
    out += digits;
  } else {
    for (let i = 0; i < decpt; i += 1) out += i < digits.length ? digits.charAt(i) : '0';
    if (digits.length > decpt) out += `.${digits.slice(decpt)}`;
  }
  return out;
}

/** `json_encode($value)` with default flags. */
export function phpJsonEncodeValue(value: PhpValue): string {
  switch (value.type) {
    case 'null':
      return 'null';
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'int':
      return value.value.toString();
    case 'float':
      return encodeFloat(value.value);
    case 'string':
      return encodeString(value.value);
    case 'array':
      return `[${value.items.map(phpJsonEncodeValue).join(',')}]`;
    case 'object':
      return `{${value.members.map(([key, item]) => `${encodeString(key)}:${phpJsonEncodeValue(item)}`).join(',')}}`;
  }
}

/** A plain JavaScript view of a decoded value, for reading request fields. */
export function toPlain(value: PhpValue): unknown {
  switch (value.type) {
    case 'null':
      return null;
    case 'int':
      return Number(value.value);
    case 'array':
      return value.items.map(toPlain);
    case 'object':
      return Object.fromEntries(value.members.map(([key, item]) => [key, toPlain(item)]));
    default:
      return value.value;
  }
}
