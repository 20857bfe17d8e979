// Where JSON.parse gave up, as line and column. V8 names the position for some errors only, and its
// messages may quote the input (which could hold a secret), so the position is found independently: the
// longest prefix that is still the start of some JSON document ends just before the offending character.

export interface JsonProblem {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like an editor's column. */
  column: number;
  /** V8's reason without any quoted input, e.g. "Expected ',' or '}' after property value". */
  reason: string;
}

const END_OF_INPUT = 'Unexpected end of JSON input';

/** Could `prefix` still be completed into valid JSON? Only if V8 stumbled at its very end. */
function isViablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    if (!(error instanceof SyntaxError)) return false;
    if (error.message.startsWith(END_OF_INPUT)) return true;
    const position = /at position (\d+)/.exec(error.message)?.[1];
    return position !== undefined && Number(position) >= prefix.length;
  }
}

function reasonOf(error: SyntaxError): string {
  // "Unexpected token 'x', "…input…" is not valid JSON" / "… in JSON at position 14 (line 3 column 3)"
  const reason = error.message.replace(/,\s*(\.\.\.)?".*$/s, '').replace(/ in JSON at position.*$/s, '');
  return reason.trim() === '' ? 'invalid JSON' : reason;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text.charCodeAt(index) === 10) {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** `null` when `text` is valid JSON. */
export function locateJsonError(text: string): JsonProblem | null {
  let error: SyntaxError;
  try {
    JSON.parse(text);
    return null;
  } catch (caught) {
    if (!(caught instanceof SyntaxError)) throw caught;
    error = caught;
  }
  if (isViablePrefix(text)) {
    // Cut off (an unclosed string, array or object): the problem is where the text ends.
    return {
      ...lineAndColumn(text, text.length),
      reason:
        text.trim() === ''
          ? 'the file is empty'
          : 'the file ends before the JSON does (an unclosed string, [ or {?)',
    };
  }
  // Viability is monotonic in the prefix length: binary-search the first prefix that is not viable.
  let low = 0; // viable
  let high = text.length; // not viable
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (isViablePrefix(text.slice(0, middle))) low = middle;
    else high = middle;
  }
  return { ...lineAndColumn(text, high - 1), reason: reasonOf(error) };
}
