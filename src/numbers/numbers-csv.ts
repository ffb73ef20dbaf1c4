import { parse, type Parser } from 'csv-parse';
import { AppError, errors } from '../errors/catalogue.js';
import { unguardCell } from '../exports/csv.js';
import type { ExportShape } from '../exports/export-stream.js';
import type { ImportNumberInput } from './numbers.service.js';
import { toResource } from './numbers.schemas.js';
import { CAPABILITIES, type Capability, type PhoneNumberRecord } from './phone-number.js';

/**
 * Numbers as CSV: the import's columns, which the export writes, so that an export of one
 * organization imports into another as it is. Lists (tags, capabilities) are joined by `;`.
 */
export const NUMBER_CSV_COLUMNS = [
  'number',
  'country',
  'friendly_name',
  'tags',
  'capabilities',
  'carrier',
  'customer_reference',
  'connection_id',
  'billing_group_id',
] as const;

/** What the CSV writes of a number: the record's fields of its columns. */
export type NumberCsvFields = Pick<PhoneNumberRecord, (typeof NUMBER_CSV_COLUMNS)[number]>;

/** The carriers an import may name: a sandbox number belongs to the sandbox, not to a file. */
const IMPORTABLE_CARRIERS: readonly string[] = ['sip', 'byoc', 'telnyx', 'signalwire', 'twilio'];

function cellsOf(r: NumberCsvFields): (string | null)[] {
  return [
    r.number,
    r.country,
    r.friendly_name,
    r.tags.join(';'),
    r.capabilities.join(';'),
    r.carrier,
    r.customer_reference,
    r.connection_id,
    r.billing_group_id,
  ];
}

/** The numbers export: the import's columns as CSV, or the number as the list shows it. */
export const NUMBERS_EXPORT: ExportShape<NumberCsvFields, PhoneNumberRecord> = {
  filename: 'phone-numbers',
  columns: NUMBER_CSV_COLUMNS,
  cells: cellsOf,
  json: (record) => toResource(record),
};

/**
 * A CSV row (header names to cells) as an import input; a cell it cannot read is an error on
 * that row. Each cell is read back from the export's spreadsheet guard.
 */
export function importInputOf(row: Record<string, string>): ImportNumberInput {
  const cell = (name: (typeof NUMBER_CSV_COLUMNS)[number]) => {
    const value = row[name];
    return value ? unguardCell(value) : undefined;
  };
  const list = (value: string | undefined) => (value ? value.split(/[;|]/).map((v) => v.trim()).filter(Boolean) : undefined);
  const capabilities = list(cell('capabilities'));
  const bad = capabilities?.find((c) => !CAPABILITIES.includes(c as Capability));
  if (bad) throw errors.validation(`unknown capability "${bad}" (use ${CAPABILITIES.join(', ')})`);
  const carrier = cell('carrier');
  if (carrier && !IMPORTABLE_CARRIERS.includes(carrier)) throw errors.validation(`unknown carrier "${carrier}" (use ${IMPORTABLE_CARRIERS.join(', ')})`);
  return {
    number: cell('number') ?? '',
    country: cell('country'),
    friendly_name: cell('friendly_name'),
    tags: list(cell('tags')),
    capabilities: capabilities as Capability[] | undefined,
    carrier: carrier as ImportNumberInput['carrier'],
    customer_reference: cell('customer_reference'),
    connection_id: cell('connection_id'),
    billing_group_id: cell('billing_group_id'),
  };
}

/**
 * Rows an import writes at once, all or nothing: the CLI's batches, and the most one request of
 * the import API takes.
 */
export const IMPORT_BATCH_SIZE = 2000;

/** The reader of a numbers CSV: a header row naming the columns, then a number a row. */
export function numberCsvParser(): Parser {
  return parse({ columns: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true, bom: true });
}

/** A row of a numbers CSV, by its line in the file: an import input, or why the row cannot be one. */
export type NumberCsvRow = { line: number; input: ImportNumberInput } | { line: number; number: string; error: AppError };

const COLUMNS: readonly string[] = NUMBER_CSV_COLUMNS;

/**
 * The rows a numbers CSV parser reads, each as an import input or its error. A column the
 * import does not know refuses the whole file: its values would otherwise be dropped unseen.
 */
export async function* numberCsvRows(parser: Parser): AsyncGenerator<NumberCsvRow> {
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const unknown = Object.keys(record).filter((column) => !COLUMNS.includes(column));
    if (unknown.length) throw errors.validation(`unknown column(s) ${unknown.join(', ')}; the columns are: ${COLUMNS.join(', ')}`);
    yield readRow(info.lines, record);
  }
}

function readRow(line: number, record: Record<string, string>): NumberCsvRow {
  try {
    return { line, input: importInputOf(record) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { line, number: record.number ?? '', error };
  }
}
