import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pino from 'pino';
import { openDialtone } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { importCsv } from './dataset.js';

export interface ImportResult {
  /** The organization the numbers went into: the export reads them back. */
  organizationId: string;
  rows: number;
  imported: number;
  seconds: number;
  exitCode: number | null;
  output: string;
}

const IMPORT_TIMEOUT_MS = 30 * 60_000;

/**
 * Times `dialtone numbers import FILE --org ID` on a generated CSV, as an operator would run
 * it, into a new organization of the bench database (which already holds the seeded numbers).
 */
export async function timeCliImport(url: string, rows: number, dir: string, log: (line: string) => void): Promise<ImportResult> {
  const file = join(dir, `import-${rows}.csv`);
  await pipeline(Readable.from(importCsv(rows, 5_000)), createWriteStream(file));
  const dialtone = await openDialtone(loadConfig({}, { databaseUrl: url, logLevel: 'warn', databasePoolSize: 1 }), {
    logger: pino({ level: 'warn' }),
  });
  const org = await dialtone.services.orgs.create('Bench import');
  await dialtone.close();
  log(`importing ${rows.toLocaleString('en')} numbers with the CLI ...`);
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/cli/main.js', 'numbers', 'import', file, '--org', org.id], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: IMPORT_TIMEOUT_MS,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  let errorOutput = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errorOutput = (errorOutput + chunk).slice(-4_000);
    process.stderr.write(chunk);
  });
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  const imported = Number(/imported (\d+) numbers/.exec(output)?.[1] ?? 0);
  return { organizationId: org.id, rows, imported, seconds, exitCode, output: `${output}${errorOutput}`.trim().slice(-2_000) };
}
