import { describe, expect, it } from 'vitest';
import { startedBatches } from './batches.js';
import { exportChunks, type ExportShape } from './export-stream.js';

/** Batches of numbers, logging each read as it starts and the source's close. */
function source(batches: number[][], log: string[], failAt?: number) {
  return (async function* () {
    try {
      for (const [i, batch] of batches.entries()) {
        log.push(`read ${i}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (i === failAt) throw new Error(`batch ${i} failed`);
        yield batch;
      }
    } finally {
      log.push('closed');
    }
  })();
}

describe('startedBatches', () => {
  it('reads the first batch before it returns, then each next one while the last is taken', async () => {
    const log: string[] = [];
    const batches = await startedBatches(source([[1, 2], [3], [4, 5]], log));
    expect(log).toEqual(['read 0']);
    const seen: number[][] = [];
    for await (const batch of batches) {
      log.push(`took ${batch.join(',')}`);
      seen.push([...batch]);
    }
    expect(seen).toEqual([[1, 2], [3], [4, 5]]);
    // Each batch is asked for before the one before it is handed over; the source is closed once read out.
    expect(log.indexOf('read 1')).toBeLessThan(log.indexOf('took 1,2'));
    expect(log.indexOf('read 2')).toBeLessThan(log.indexOf('took 3'));
    expect(log.filter((entry) => entry.startsWith('read'))).toEqual(['read 0', 'read 1', 'read 2']);
    expect(log).toContain('closed');
  });

  it('fails as a whole when the first batch cannot be read, and mid-stream when a later one cannot', async () => {
    await expect(startedBatches(source([[1]], [], 0))).rejects.toThrow('batch 0 failed');
    const batches = await startedBatches(source([[1], [2]], [], 1));
    const taken: number[] = [];
    await expect(
      (async () => {
        for await (const batch of batches) taken.push(...batch);
      })(),
    ).rejects.toThrow('batch 1 failed');
    expect(taken).toEqual([1]);
  });

  it('closes the source, after the read in flight, when the consumer stops early', async () => {
    const log: string[] = [];
    const batches = await startedBatches(source([[1], [2], [3]], log));
    for await (const batch of batches) if (batch[0] === 1) break;
    expect(log).toEqual(['read 0', 'read 1', 'closed']);
  });
});

describe('exportChunks', () => {
  const shape: ExportShape<{ n: number; name: string }> = {
    filename: 'things',
    columns: ['n', 'name'],
    cells: (row) => [String(row.n), row.name],
    json: (row) => ({ n: row.n }),
  };
  const rows = Array.from({ length: 50 }, (_, n) => ({ n, name: n % 7 ? `thing ${n}` : 'a, b' }));
  const inBatches = async function* () {
    for (let i = 0; i < rows.length; i += 16) yield rows.slice(i, i + 16);
  };
  const collect = async (chunks: AsyncIterable<string>) => {
    const all: string[] = [];
    for await (const chunk of chunks) all.push(chunk);
    return all;
  };

  it('writes the header, then every row of every batch in order, in chunks of about the size asked', async () => {
    const chunks = await collect(exportChunks({ format: 'csv', batches: inBatches() }, shape, 100));
    const expected = ['n,name\r\n', ...rows.map((r) => `${r.n},${r.n % 7 ? r.name : '"a, b"'}\r\n`)].join('');
    expect(chunks.join('')).toBe(expected);
    // A chunk closes at the first line past the size, and at the end of each batch.
    expect(chunks.slice(1).every((chunk) => chunk.length < 100 + 20)).toBe(true);
    expect(chunks.length).toBeGreaterThan(expected.length / 120);
  });

  it('writes NDJSON a line per row, nothing for no rows', async () => {
    const text = (await collect(exportChunks({ format: 'ndjson', batches: inBatches() }, shape))).join('');
    expect(text.split('\n').filter(Boolean).map((line) => JSON.parse(line).n)).toEqual(rows.map((r) => r.n));
    expect(await collect(exportChunks({ format: 'ndjson', batches: (async function* () {})() }, shape))).toEqual([]);
  });
});
