import { createReadStream } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { statSync } from 'node:fs';
import type { ImportNumberInput } from '../numbers/numbers.service.js';
import { IMPORT_BATCH_SIZE, numberCsvParser, numberCsvRows } from '../numbers/numbers-csv.js';
import { withDialtone } from './context.js';

interface Pending {
  line: number;
  input: ImportNumberInput;
}

/**
 * Batches in flight at once: while the database inserts one, the next is parsed and
 * validated, so the CLI's CPU and the database's work overlap instead of taking turns.
 */
const BATCHES_IN_FLIGHT = 2;

/**
 * dialtone numbers import FILE --org ID: a CSV with a header row (number is required; the
 * other columns are optional). Rows go in batches of 2,000, each batch all-or-nothing; every
 * rejected row is reported with its line number and why.
 */
export async function importNumbers(file: string, options: { org: string }): Promise<void> {
  const size = statSync(file).size;
  await withDialtone(async ({ services }) => {
    const org = await services.orgs.get(options.org);
    const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {imported} imported, {rejected} rejected', hideCursor: true }, Presets.shades_classic);
    const stream = createReadStream(file);
    const parser = stream.pipe(numberCsvParser());
    const problems: Array<{ line: number; detail: string }> = [];
    let imported = 0;
    let batch: Pending[] = [];
    const running = new Set<Promise<void>>();
    let failure: unknown;
    bar.start(size, 0, { imported, rejected: 0 });

    const importBatch = async (pending: Pending[]) => {
      const inputs = pending.map((p) => p.input);
      const result = await services.numbers.importBatch(org.id, inputs);
      imported += result.imported;
      for (const r of result.rejected) problems.push({ line: pending[r.index]!.line, detail: r.detail });
      bar.update(stream.bytesRead, { imported, rejected: problems.length });
    };
    const flush = async () => {
      const job: Promise<void> = importBatch(batch)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => running.delete(job));
      running.add(job);
      batch = [];
      if (running.size >= BATCHES_IN_FLIGHT) await Promise.race(running);
      if (failure) throw failure;
    };

    for await (const row of numberCsvRows(parser)) {
      if ('error' in row) problems.push({ line: row.line, detail: row.error.detail });
      else batch.push(row);
      if (batch.length >= IMPORT_BATCH_SIZE) await flush();
    }
    if (batch.length) await flush();
    await Promise.all(running);
    if (failure) throw failure;
    bar.update(size, { imported, rejected: problems.length });
    bar.stop();
    problems.sort((a, b) => a.line - b.line);
    for (const problem of problems) process.stderr.write(`line ${problem.line}: ${problem.detail}\n`);
    process.stdout.write(`imported ${imported} numbers into ${org.name}; rejected ${problems.length} rows\n`);
    if (problems.length) process.exitCode = 1;
  });
}
