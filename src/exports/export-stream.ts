import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { answer, type Answer } from '../http/operation.js';
import { StringEnum } from '../http/schema-kit.js';
import { csvLine } from './csv.js';

/** The formats every export is offered in. */
export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The `format` query parameter of an export. */
export const ExportFormatParameter = (description: string, example: ExportFormat) =>
  Type.Optional(StringEnum(EXPORT_FORMATS, { description, example }));

/** The streamed body of an export; documented as text, sent as it is read. */
export const ExportBody = (description: string) => Type.Unsafe<Readable>({ type: 'string', description });

/**
 * What one kind of export writes of a row: its CSV header and cells, and its NDJSON object. A
 * CSV row (C) may be narrower than a JSON row (J): a CSV reads only the columns it writes.
 */
export interface ExportShape<C, J = C> {
  /** The attachment's file name, without the extension. */
  filename: string;
  columns: readonly string[];
  cells(row: C): readonly (string | null)[];
  json(row: J): unknown;
}

/** An export's rows in the batches they are read in, as its format reads them. */
export type ExportRows<C, J = C> =
  | { format: 'csv'; batches: AsyncIterable<readonly C[]> }
  | { format: 'ndjson'; batches: AsyncIterable<readonly J[]> };

/** About this much text goes to the socket at a time: a write per line would cost a write call per row. */
const CHUNK_CHARS = 64 * 1024;

/** Lines gathered into chunks of about `size` characters, the last one as it is. */
function* inChunks(lines: Iterable<string>, size: number): Iterable<string> {
  let parts: string[] = [];
  let length = 0;
  for (const line of lines) {
    parts.push(line);
    length += line.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

function* csvLines<C>(batch: readonly C[], shape: ExportShape<C, unknown>): Iterable<string> {
  for (const row of batch) yield csvLine(shape.cells(row));
}

function* jsonLines<J>(batch: readonly J[], shape: ExportShape<unknown, J>): Iterable<string> {
  for (const row of batch) yield `${JSON.stringify(shape.json(row))}\n`;
}

/**
 * The export's text in chunks of about `size` characters, each batch written as it arrives:
 * NDJSON, or CSV after its header row. A batch is written whole in one synchronous pass, so a
 * row costs no promise of its own on the way to the socket.
 */
export async function* exportChunks<C, J>(rows: ExportRows<C, J>, shape: ExportShape<C, J>, size = CHUNK_CHARS): AsyncIterable<string> {
  if (rows.format === 'csv') {
    yield csvLine(shape.columns);
    for await (const batch of rows.batches) yield* inChunks(csvLines(batch, shape), size);
  } else {
    for await (const batch of rows.batches) yield* inChunks(jsonLines(batch, shape), size);
  }
}

/**
 * The export's answer: its text streamed as the rows are read, so a reply holds two batches
 * of rows and a chunk of text in memory however many rows there are (Readable.from asks for
 * the next chunk only when the socket has taken the last: a slow client slows the reads).
 */
export function exportAnswer<C, J>(rows: ExportRows<C, J>, shape: ExportShape<C, J>): Answer<Readable> {
  return answer(200, Readable.from(exportChunks(rows, shape)), {
    'content-type': CONTENT_TYPES[rows.format],
    'content-disposition': `attachment; filename="${shape.filename}.${rows.format}"`,
  });
}
