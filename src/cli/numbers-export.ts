import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportChunks, type ExportRows } from '../exports/export-stream.js';
import { resolveSort } from '../numbers/list-query.js';
import { NUMBERS_EXPORT } from '../numbers/numbers-csv.js';
import { ExportQuerySchema, toFilters, type ExportQuery } from '../numbers/numbers.schemas.js';
import { withDialtone } from './context.js';
import { queryOfOptions } from './query-options.js';

/** Writes each chunk as the target takes it: a slow disk or pipe slows the reads, never fills memory. */
async function writeAll(chunks: AsyncIterable<string>, target: Writable): Promise<void> {
  for await (const chunk of chunks) if (!target.write(chunk)) await once(target, 'drain');
}

/** The same rows, `seen` told of each batch's size as it goes by. */
function counted<C, J>(rows: ExportRows<C, J>, seen: (count: number) => void): ExportRows<C, J> {
  async function* tap<T>(batches: AsyncIterable<readonly T[]>) {
    for await (const batch of batches) {
      seen(batch.length);
      yield batch;
    }
  }
  return rows.format === 'csv' ? { format: 'csv', batches: tap(rows.batches) } : { format: 'ndjson', batches: tap(rows.batches) };
}

/**
 * dialtone numbers export --org ID [--format csv|ndjson] [filters] [--out FILE]: the numbers
 * GET /v1/phone-numbers/export would answer, read in batches, to a file or standard output
 * (the count goes to standard error, so the output is the file alone).
 */
export async function exportNumbers(options: Record<string, string | undefined> & { org: string; out?: string }): Promise<void> {
  const { org, out, ...raw } = options;
  const query = queryOfOptions<ExportQuery>(ExportQuerySchema, raw);
  const format = query.format ?? 'csv';
  await withDialtone(async ({ services }) => {
    const organization = await services.orgs.get(org);
    const rows = await services.numbers.export(organization.id, { filters: toFilters(query), sort: resolveSort(query.sort, query.order) }, format);
    let count = 0;
    const chunks = exportChunks(counted(rows, (batch) => (count += batch)), NUMBERS_EXPORT);
    if (out === undefined) {
      await writeAll(chunks, process.stdout);
    } else {
      await pipeline(Readable.from(chunks), createWriteStream(out));
    }
    process.stderr.write(`exported ${count} numbers of ${organization.name}${out ? ` to ${out}` : ''}\n`);
  });
}
