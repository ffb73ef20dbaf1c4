import { Type, type Static } from 'typebox';
import type { AuditRow } from '../db/schema.js';
import { ExportBody, ExportFormatParameter } from '../exports/export-stream.js';
import { CursorPageQuery, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import type { AuditFilterInput } from './audit.service.js';

/** The native /v1 shapes of the audit log. */

export const ACTOR_TYPES = ['api_key', 'operator', 'system', 'anonymous'] as const;
export const OUTCOMES = ['succeeded', 'refused'] as const;

const Text = (description: string, example: string) => Nullable(Type.String({ description, example }));

export const AuditRecordSchema = Type.Object({
  id: Uuid('The id of the audit record.'),
  object: Type.Literal('audit_record', { description: 'Always audit_record.' }),
  created_at: Timestamp('When it happened, to the millisecond.'),
  organization_id: Nullable(Uuid('The organization it is filed under; null for an operator action that concerns none.')),
  actor: Type.Object({
    type: StringEnum(ACTOR_TYPES, { description: 'Who acted: an API key, the operator, or Dialtone itself.', example: 'api_key' }),
    id: Text("The API key's id, or the job's name for Dialtone itself.", '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e'),
    key_prefix: Text("The API key's visible prefix.", 'dt_Ab12Cd34'),
  }),
  surface: Type.String({ description: 'Through what: native, a provider surface (telnyx, twilio, ...), cli, job.', example: 'native' }),
  action: Type.String({
    description:
      'What: the event type of a change (phone_number.updated), a change no event tells of (api_key.created, api_key.revoked, ' +
      'organization.created), the operation refused (numbers.update, or a provider route), or audit_log.list/export.',
    example: 'phone_number.updated',
  }),
  outcome: StringEnum(OUTCOMES, { description: 'Whether it was done or refused.', example: 'succeeded' }),
  resource: Nullable(
    Type.Object({
      type: Type.String({ description: 'The kind of resource.', example: 'phone_number' }),
      id: Type.String({ description: 'Its id, as the request named it.', example: '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e' }),
    }),
  ),
  phone_number: Text('The number concerned, in E.164.', '+14155552671'),
  request_id: Text('The id of the request (X-Request-Id).', 'req_0f1e2d3c'),
  client_ip: Text("The client's address.", '203.0.113.7'),
  user_agent: Text("The client's User-Agent.", 'curl/8.5.0'),
  changes: Nullable(
    Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() }), {
      description: 'Field by field, what a change changed; secrets shown as [redacted].',
      example: { friendly_name: { from: 'Support', to: 'Sales' } },
    }),
  ),
  error_code: Text('For a refusal: the error code from the catalogue.', 'insufficient_scope'),
  event_id: Nullable(Uuid('For a change: the event that told it.')),
});

export type AuditRecord = Static<typeof AuditRecordSchema>;

export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    object: 'audit_record',
    created_at: row.created_at.toISOString(),
    organization_id: row.organization_id,
    actor: { type: row.actor_type, id: row.actor_id, key_prefix: row.actor_key_prefix },
    surface: row.surface,
    action: row.action,
    outcome: row.outcome,
    resource: row.resource_type && row.resource_id ? { type: row.resource_type, id: row.resource_id } : null,
    phone_number: row.phone_number,
    request_id: row.request_id,
    client_ip: row.client_ip,
    user_agent: row.user_agent,
    changes: (row.changes ?? null) as AuditRecord['changes'],
    error_code: row.error_code,
    event_id: row.event_id,
  };
}

const Bounded = (description: string, example: string, maxLength = 200) =>
  Type.Optional(Type.String({ minLength: 1, maxLength, description, example }));

const filterFields = {
  actor_type: Type.Optional(StringEnum(ACTOR_TYPES, { description: 'Records of this kind of actor.', example: 'api_key' })),
  actor_id: Bounded("Records of this actor: an API key's id, or a job's name.", '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e'),
  actor_key_prefix: Bounded("Records of the API key with this visible prefix.", 'dt_Ab12Cd34', 64),
  action: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[^*]+(\\.\\*)?$',
      description: 'This action exactly, or every action of a resource with a wildcard: phone_number.*',
      example: 'phone_number.*',
    }),
  ),
  resource_id: Bounded('Records about this resource.', '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e'),
  phone_number: Bounded('Records about this number, in any common form (normalised to E.164).', '+14155552671', 32),
  outcome: Type.Optional(StringEnum(OUTCOMES, { description: 'Only what was done, or only what was refused.', example: 'refused' })),
  surface: Bounded('Records made through this surface: native, telnyx, twilio, cli, job, ...', 'native', 64),
  request_id: Bounded('Records of this request.', 'req_0f1e2d3c', 128),
  created_after: Type.Optional(Type.String({ format: 'date-time', description: 'At or after this time.', example: '2026-01-01T00:00:00Z' })),
  created_before: Type.Optional(Type.String({ format: 'date-time', description: 'Before this time.', example: '2026-02-01T00:00:00Z' })),
};

const organizationFilter = {
  organization_id: Type.Optional(Uuid("Only this organization's records.")),
};

export const AUDIT_PAGE_SIZE = 100;
const pageFields = CursorPageQuery(AUDIT_PAGE_SIZE, 500).properties;

export const AuditListQuery = Type.Object({ ...filterFields, ...pageFields }, { additionalProperties: false });
export const AdminAuditListQuery = Type.Object({ ...filterFields, ...organizationFilter, ...pageFields }, { additionalProperties: false });

const formatField = {
  format: ExportFormatParameter('ndjson (one record a line, as the list shows them) or csv (with a header row).', 'ndjson'),
};
export const AuditExportQuery = Type.Object({ ...filterFields, ...formatField }, { additionalProperties: false });
export const AdminAuditExportQuery = Type.Object({ ...filterFields, ...organizationFilter, ...formatField }, { additionalProperties: false });

/** The streamed body of an export; documented as text, sent as it is read. */
export const AuditExportBody = ExportBody('The records, newest first: NDJSON (application/x-ndjson) or CSV with a header row (text/csv).');

type FilterQuery = Partial<Record<keyof typeof filterFields | 'organization_id', string>>;

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** The service's filters from the query's. */
export function toAuditFilter(q: FilterQuery): AuditFilterInput {
  return {
    actorType: q.actor_type as AuditFilterInput['actorType'],
    actorId: q.actor_id,
    actorKeyPrefix: q.actor_key_prefix,
    action: q.action,
    resourceId: q.resource_id,
    phoneNumber: q.phone_number,
    outcome: q.outcome as AuditFilterInput['outcome'],
    surface: q.surface,
    requestId: q.request_id,
    createdAfter: date(q.created_after),
    createdBefore: date(q.created_before),
    organizationId: q.organization_id,
  };
}
