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

function guard(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV cell per RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = guard(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly (string | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A cell's text as it was before csvCell guarded it against spreadsheets (once unquoted by a CSV parser). */
export function unguardCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}
