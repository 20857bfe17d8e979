/** One RFC 4180 field: quoted only when it holds a comma, a quote or a line break; null is empty. */
function field(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: a header line, then one line per record in the given columns, CRLF line ends. */
export function toCsv(
  columns: readonly string[],
  records: readonly Readonly<Record<string, unknown>>[],
): string {
  const lines = [
    columns.map(field),
    ...records.map((record) => columns.map((column) => field(record[column]))),
  ];
  return lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}
