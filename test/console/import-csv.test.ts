import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { numberCsvParser } from '../../src/numbers/numbers-csv.js';
import { splitCsv } from '../../web/src/views/import-csv.js';

/**
 * The console cuts a CSV into parts for the import API; each part must read, with the server's
 * own CSV reader, as the same rows at the same lines of the file as the whole file does.
 */

interface Read {
  line: number;
  record: Record<string, string>;
}

async function read(csv: string): Promise<Read[]> {
  const rows: Read[] = [];
  const parser = Readable.from([csv]).pipe(numberCsvParser());
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    rows.push({ line: info.lines, record });
  }
  return rows;
}

async function readInParts(csv: string, maxRows: number, maxChars = 1_000_000): Promise<{ rows: Read[]; parts: number; counted: number }> {
  const { parts, rows: counted } = splitCsv(csv, maxRows, maxChars);
  const rows: Read[] = [];
  for (const part of parts) {
    const read_ = await read(part.csv);
    expect(read_.length).toBe(part.rows);
    rows.push(...read_.map((row) => ({ ...row, line: row.line + part.offset })));
  }
  return { rows, parts: parts.length, counted };
}

describe('cutting a CSV into parts for the import API', () => {
  const tricky = [
    '\uFEFFnumber,friendly_name,tags',
    '+14155550101,Plain,a',
    '',
    '+14155550102,"Two',
    'lines, and a comma",b',
    '+14155550103,"Quoted ""name""",c',
    '   ',
    '+14155550104,Four,d',
    '+14155550105,"Three',
    '',
    'lines",e',
    '+14155550106,Six,f',
    '+14155550107,Seven,g',
  ];

  // The CSV reader counts a CRLF inside a quoted cell as two lines: a file with CRLF line breaks
  // is checked without line breaks in its cells.
  const plain = tricky.join('\n').replace(/"Two\nlines, and a comma"/, 'Two').replace(/"Three\n\nlines"/, 'Three').split('\n');
  for (const [name, lines, newline] of [
    ['LF', tricky, '\n'],
    ['CRLF', plain, '\r\n'],
  ] as const) {
    it(`reads every row at its line in the file, whatever the part size (${name})`, async () => {
      const csv = lines.join(newline) + newline;
      const whole = await read(csv);
      expect(whole.map((row) => row.record.number)).toEqual(['101', '102', '103', '104', '105', '106', '107'].map((n) => `+14155550${n}`));
      for (const size of [1, 2, 3, 7, 100]) {
        const cut = await readInParts(csv, size);
        expect(cut.rows, `parts of ${size}`).toEqual(whole);
        expect(cut.parts).toBe(Math.ceil(7 / size));
        expect(cut.counted).toBe(7);
      }
    });
  }

  it('keeps a part under the characters asked for, a longer row alone in its part', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `+1415555${String(1000 + i)},${i === 10 ? 'x'.repeat(500) : 'short'}`);
    const csv = ['number,friendly_name', ...rows].join('\n');
    const { parts } = splitCsv(csv, 100, 200);
    for (const part of parts) expect(part.csv.length <= 200 || part.rows === 1).toBe(true);
    expect((await readInParts(csv, 100, 200)).rows).toEqual(await read(csv));
  });

  it('finds no parts in a file with no rows', () => {
    expect(splitCsv('', 10, 1000)).toEqual({ parts: [], rows: 0 });
    expect(splitCsv('\n\n', 10, 1000)).toEqual({ parts: [], rows: 0 });
    expect(splitCsv('number,friendly_name\n', 10, 1000)).toEqual({ parts: [], rows: 0 });
  });
});
