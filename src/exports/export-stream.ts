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

/** What one kind of export writes of a row: its CSV header and cells, and its NDJSON object. */
export interface ExportShape<T> {
  /** The attachment's file name, without the extension. */
  filename: string;
  columns: readonly string[];
  cells(row: T): readonly (string | null)[];
  json(row: T): unknown;
}

/** The export's text, a line per row as the rows arrive: NDJSON, or CSV after its header row. */
export async function* exportLines<T>(format: ExportFormat, rows: AsyncIterable<T>, shape: ExportShape<T>): AsyncIterable<string> {
  if (format === 'csv') yield csvLine(shape.columns);
  for await (const row of rows) yield format === 'csv' ? csvLine(shape.cells(row)) : `${JSON.stringify(shape.json(row))}\n`;
}

/** About this much text goes to the socket at a time: a write per line would cost a write call per row. */
const CHUNK_CHARS = 64 * 1024;

/** Lines gathered into chunks of about `size` characters, the last one as it is. */
export async function* inChunks(lines: AsyncIterable<string>, size = CHUNK_CHARS): AsyncIterable<string> {
  let parts: string[] = [];
  let length = 0;
  for await (const line of lines) {
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

/**
 * The export's answer: its lines streamed as the rows are read, so a reply holds a batch of
 * rows and a chunk of text in memory however many rows there are (Readable.from asks for the
 * next chunk only when the socket has taken the last: a slow client slows the reads).
 */
export function exportAnswer<T>(format: ExportFormat, rows: AsyncIterable<T>, shape: ExportShape<T>): Answer<Readable> {
  return answer(200, Readable.from(inChunks(exportLines(format, rows, shape))), {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${shape.filename}.${format}"`,
  });
}
