import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, unguardCell } from './csv.js';

describe('CSV cells of the exports', () => {
  it('quotes per RFC 4180 only what needs it, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
  });

  it('prefixes a cell a spreadsheet would run as a formula with a quote', () => {
    for (const start of ['=', '+', '-', '@', '\t']) expect(csvCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(csvCell('+14155552671')).toBe("'+14155552671");
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('ends every line with CRLF', () => {
    expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('guards a cell that starts with quotes before a formula character once more, so the guard comes off exactly', () => {
    expect(csvCell("'=1")).toBe("''=1");
    expect(csvCell("'plain")).toBe("'plain");
    for (const value of ['=1', "'=1", "''+1", "'plain", 'plain', '+14155552671', '-', "'", '\t@x']) {
      const written = csvCell(value);
      const unquoted = written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written;
      expect(unguardCell(unquoted)).toBe(value);
    }
  });
});
