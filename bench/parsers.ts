import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseForm } from '../src/http/form.js';
import { findInputProblem } from '../src/http/input-guard.js';

/**
 * The cost per byte of the parsers every request body passes through, at body sizes from 16 KB
 * to the 1 MiB limit. A parser linear in its input shows the same nanoseconds per byte at
 * every size; a quadratic one (as the form parser was: 192 KB of `a=&` took 35 s) grows with
 * the size. Run on its own with `npx tsx bench/parsers.ts`; `npm run bench` runs it first.
 */

const SIZES = [16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024];

interface Case {
  name: string;
  /** A body of about `bytes` bytes. */
  body(bytes: number): string;
  parse(body: string): unknown;
}

const CASES: Case[] = [
  {
    name: 'form, 1,000 long fields (accepted)',
    body: (bytes) => Array.from({ length: 1000 }, (_, i) => `field${i}=${'v'.repeat(Math.max(1, Math.floor(bytes / 1000) - 10))}`).join('&'),
    parse: parseForm,
  },
  {
    name: 'form, one field repeated (refused past 1,000)',
    body: (bytes) => 'a=&'.repeat(Math.floor(bytes / 3)),
    parse: (body) => {
      try {
        return parseForm(body);
      } catch {
        return null;
      }
    },
  },
  {
    name: 'JSON walk, 1,000 strings (NUL and surrogate check)',
    body: (bytes) => JSON.stringify(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'é'.repeat(Math.max(1, Math.floor(bytes / 2000)))]))),
    parse: (body) => findInputProblem(JSON.parse(body)),
  },
];

export interface ParserRow {
  parser: string;
  bytes: number;
  nsPerByte: number;
}

/** The median time per byte of `runs` parses of one body. */
function timePerByte(parse: (body: string) => unknown, body: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    parse(body);
    times.push(Number(process.hrtime.bigint() - started));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]! / Buffer.byteLength(body);
}

export function measureParsers(): ParserRow[] {
  const rows: ParserRow[] = [];
  for (const parserCase of CASES) {
    for (const size of SIZES) {
      const body = parserCase.body(size);
      timePerByte(parserCase.parse, body, 3);
      rows.push({ parser: parserCase.name, bytes: Buffer.byteLength(body), nsPerByte: timePerByte(parserCase.parse, body, 15) });
    }
  }
  return rows;
}

export function parserTable(rows: ParserRow[]): string {
  const parsers = [...new Set(rows.map((r) => r.parser))];
  const header = `| parser | ${SIZES.map((s) => `${s / 1024} KB`).join(' | ')} | largest / smallest |`;
  const lines = parsers.map((parser) => {
    const own = rows.filter((r) => r.parser === parser);
    const ratio = own.at(-1)!.nsPerByte / own[0]!.nsPerByte;
    return `| ${parser} | ${own.map((r) => `${r.nsPerByte.toFixed(2)} ns/B`).join(' | ')} | ${ratio.toFixed(2)} |`;
  });
  return [header, `|---|${SIZES.map(() => '---|').join('')}---|`, ...lines].join('\n');
}

/** Measures, prints and writes bench/results/parsers.md. */
export function benchParsers(resultsDir: string, log: (line: string) => void): void {
  const table = parserTable(measureParsers());
  log(`parser cost per byte by body size:\n${table}`);
  const file = join(resultsDir, 'parsers.md');
  writeFileSync(file, `# Parser cost per byte\n\nMedian of 15 parses per body, ${new Date().toISOString()}.\n\n${table}\n`);
  log(`wrote ${file}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchParsers(join(import.meta.dirname, 'results'), (line) => process.stdout.write(`[bench] ${line}\n`));
}
