import { Readable } from 'node:stream';
import type { AuditRow } from '../db/schema.js';
import { answer, type Answer } from '../http/operation.js';
import { toAuditRecord, type AuditRecord, type ExportFormat } from './audit.schemas.js';

/** The columns of the CSV export, in order: the record's fields, the nested ones flattened. */
export const CSV_COLUMNS = [
  'id',
  'created_at',
  'organization_id',
  'actor_type',
  'actor_id',
  'actor_key_prefix',
  'surface',
  'action',
  'outcome',
  'resource_type',
  'resource_id',
  'phone_number',
  'request_id',
  'client_ip',
  'user_agent',
  'changes',
  'error_code',
  'event_id',
] as const;

/**
 * A spreadsheet reads a cell starting with one of these as a formula: such a cell is written
 * with a leading ' (a user agent or a refused route is the caller's text, not ours).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell per RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvFields(record: AuditRecord): Record<(typeof CSV_COLUMNS)[number], string | null> {
  return {
    id: record.id,
    created_at: record.created_at,
    organization_id: record.organization_id,
    actor_type: record.actor.type,
    actor_id: record.actor.id,
    actor_key_prefix: record.actor.key_prefix,
    surface: record.surface,
    action: record.action,
    outcome: record.outcome,
    resource_type: record.resource?.type ?? null,
    resource_id: record.resource?.id ?? null,
    phone_number: record.phone_number,
    request_id: record.request_id,
    client_ip: record.client_ip,
    user_agent: record.user_agent,
    changes: record.changes === null ? null : JSON.stringify(record.changes),
    error_code: record.error_code,
    event_id: record.event_id,
  };
}

export function csvLine(cells: readonly (string | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The export's text, a line per record as the rows arrive: NDJSON, or CSV after its header row. */
export async function* exportLines(format: ExportFormat, rows: AsyncIterable<AuditRow>): AsyncIterable<string> {
  if (format === 'csv') yield csvLine(CSV_COLUMNS);
  for await (const row of rows) {
    const record = toAuditRecord(row);
    if (format === 'ndjson') yield `${JSON.stringify(record)}\n`;
    else {
      const fields = csvFields(record);
      yield csvLine(CSV_COLUMNS.map((column) => fields[column]));
    }
  }
}

/**
 * The export's answer: its lines streamed as the pages are read, so a reply holds one page in
 * memory however long the log (Readable.from reads the next line only when the socket takes it).
 */
export function exportAnswer(format: ExportFormat, rows: AsyncIterable<AuditRow>): Answer<Readable> {
  return answer(200, Readable.from(exportLines(format, rows)), {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="audit-log.${format}"`,
  });
}
