/**
 * CSV for the metrics export: RFC 4180 (comma-separated, CRLF after every record, a field quoted
 * when it holds a comma, a double quote, CR or LF, with inner quotes doubled) plus the OWASP defence
 * against formula injection: a text cell beginning with `=`, `+`, `-`, `@`, tab or carriage return
 * gets a leading `'` so that spreadsheets show it as text instead of evaluating it (a service named
 * `=HYPERLINK(…)` must not become a live link in a manager's spreadsheet).
 *
 * Numbers are written as numbers and never prefixed, so −5 stays −5 and sums still work; the
 * escaping is decided by the cell's type, not by what its text looks like (the string "-5" is text
 * and is escaped). null is an empty field. A non-finite number is refused: it has no CSV form.
 */
export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function textField(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function field(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError(`not a finite number for CSV: ${cell}`);
    return String(cell);
  }
  return textField(cell);
}

/** The CSV text of the rows. A record of one empty field is written `""` so that it is not read as a blank line. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows
    .map((row) => {
      const line = row.map(field).join(',');
      return `${row.length === 1 && line === '' ? '""' : line}\r\n`;
    })
    .join('');
}
