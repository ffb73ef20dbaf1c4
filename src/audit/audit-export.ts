import type { AuditRow } from '../db/schema.js';
import type { ExportShape } from '../exports/export-stream.js';
import { toAuditRecord, type AuditRecord } from './audit.schemas.js';

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

/** The audit log as an export: the record as the list shows it, or flattened to the CSV columns. */
export const AUDIT_EXPORT: ExportShape<AuditRow> = {
  filename: 'audit-log',
  columns: CSV_COLUMNS,
  cells(row) {
    const fields = csvFields(toAuditRecord(row));
    return CSV_COLUMNS.map((column) => fields[column]);
  },
  json: toAuditRecord,
};
