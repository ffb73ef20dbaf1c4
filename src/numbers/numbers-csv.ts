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
  if (bad) throw new Error(`unknown capability "${bad}" (use ${CAPABILITIES.join(', ')})`);
  const carrier = cell('carrier');
  if (carrier && !IMPORTABLE_CARRIERS.includes(carrier)) throw new Error(`unknown carrier "${carrier}"`);
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
