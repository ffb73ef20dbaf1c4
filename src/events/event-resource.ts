import type { EventRow } from '../db/schema.js';

/**
 * An event as every native surface shows it: what GET /v1/events answers and what a webhook
 * delivery POSTs. One function builds it, so both say the same thing about one event.
 */
export interface EventResource {
  id: string;
  object: 'event';
  type: string;
  created_at: string;
  sequence: number;
  resource_type: string;
  resource_id: string;
  resource_version: number | null;
  phone_number: string | null;
  data: Record<string, unknown>;
  previous_attributes: Record<string, unknown> | null;
  request_id: string | null;
  idempotency_key: string | null;
  surface: string;
  actor: Record<string, unknown>;
}

export function toEventResource(row: EventRow): EventResource {
  return {
    id: row.id,
    object: 'event',
    type: row.type,
    created_at: row.created_at.toISOString(),
    // bigint comes back as a string from node-postgres; per organization it stays far below 2^53.
    sequence: Number(row.sequence),
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    resource_version: row.resource_version,
    phone_number: row.phone_number,
    data: row.data as Record<string, unknown>,
    previous_attributes: (row.previous_attributes as Record<string, unknown> | null) ?? null,
    request_id: row.request_id,
    idempotency_key: row.idempotency_key,
    surface: row.surface,
    actor: row.actor as Record<string, unknown>,
  };
}
