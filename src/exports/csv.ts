/**
 * CSV as the exports write it (RFC 4180) and as the import reads back what an export wrote.
 *
 * A spreadsheet reads a cell starting with =, +, -, @, tab or CR as a formula: such a cell is
 * written with a leading ' so it shows rather than runs (a user agent, a name, a refused route
 * are the caller's text, not ours). A cell that already starts with quotes before one of those
 * gets one more, so the guard can always be taken off again: unguardCell(guard(x)) is x.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

function guard(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV cell per RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = guard(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(QUOTE, '""')}"` : safe;
}

/** One CSV line, CRLF at its end; built by concatenation, as an export writes a million of them. */
export function csvLine(cells: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += i ? `,${csvCell(cells[i] as string | null)}` : csvCell(cells[i] as string | null);
  return `${line}\r\n`;
}

/** A cell's text as it was before csvCell guarded it against spreadsheets (once unquoted by a CSV parser). */
export function unguardCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}
