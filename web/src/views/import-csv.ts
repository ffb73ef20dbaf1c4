/**
 * A CSV file cut into parts the import API takes one request at a time: each part the file's
 * header row and up to a number of rows, cut only between records (a quoted cell may hold a
 * line break), so every part reads as the whole file would. A part knows the line of the file
 * its rows start at, to give rejected rows their line in the file.
 */

export interface CsvPart {
  /** The header row, then the part's rows as the file has them (blank lines included). */
  csv: string;
  /** The rows of the part (blank lines left out, as the import leaves them). */
  rows: number;
  /** Line in the file = line in the part + offset. */
  offset: number;
}

export interface SplitCsv {
  parts: CsvPart[];
  rows: number;
}

interface CsvRecord {
  start: number;
  /** Just past the record's line break (or the end of the text). */
  end: number;
  /** The record's first line in the file, from 1. */
  line: number;
  /** The physical lines it spans. */
  lines: number;
  blank: boolean;
}

/** The records of a CSV text, each with where it starts and its line: a line break inside quotes belongs to its cell. */
function records(text: string): CsvRecord[] {
  const found: CsvRecord[] = [];
  let start = 0;
  let line = 1;
  let lines = 1;
  let quoted = false;
  const close = (end: number) => {
    const body = text.slice(start, end).replace(/[\r\n]+$/, '');
    if (start < text.length) found.push({ start, end, line, lines, blank: body.trim() === '' });
    line += lines;
    lines = 1;
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (char === '\n') {
      if (quoted) lines++;
      else close(i + 1);
    }
  }
  close(text.length);
  return found;
}

/**
 * Cuts the text into parts of at most maxRows rows and, unless one row is longer, maxChars
 * characters; no parts when the file has no header row.
 */
export function splitCsv(file: string, maxRows: number, maxChars: number): SplitCsv {
  const text = file.replace(/^\uFEFF/, '');
  const all = records(text);
  const headerAt = all.findIndex((record) => !record.blank);
  const header = all[headerAt];
  if (!header) return { parts: [], rows: 0 };
  // As the file has it, line break included: a CSV reader takes its line breaks from the first.
  const headerText = text.slice(header.start, header.end);
  const parts: CsvPart[] = [];
  let rows = 0;
  let part: { first: CsvRecord; last: CsvRecord; count: number } | null = null;
  const flush = () => {
    if (!part) return;
    // The header takes the part's first lines; the next line of the part is the file's first.line.
    parts.push({ csv: headerText + text.slice(part.first.start, part.last.end), rows: part.count, offset: part.first.line - header.lines - 1 });
    part = null;
  };
  for (const record of all.slice(headerAt + 1)) {
    if (record.blank) continue;
    if (part && (part.count >= maxRows || headerText.length + record.end - part.first.start > maxChars)) flush();
    if (part) {
      part.last = record;
      part.count++;
    } else part = { first: record, last: record, count: 1 };
    rows++;
  }
  flush();
  return { parts, rows };
}
