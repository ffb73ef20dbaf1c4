import type { Actor } from '../changes/cause.js';
import type { EventRow } from '../db/schema.js';
import type { EventType } from './event-types.js';

/**
 * An event as every reader is given it: the native API (/v1/events) and the body of a webhook
 * delivery. One shape, so a consumer can switch from polling to webhooks without a change.
 */
export interface EventResource {
  id: string;
  object: 'event';
  type: EventType;
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
  /** With job_id when the change was one item of a bulk job. */
  actor: Actor & { job_id?: string };
}

export function toEventResource(row: EventRow): EventResource {
  return {
    id: row.id,
    object: 'event',
    // Written only by the journal, from the closed list of types.
    type: row.type as EventType,
    created_at: row.created_at.toISOString(),
    // bigint: a string from node-postgres; an organization's sequences stay far below 2^53.
    sequence: Number(row.sequence),
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    resource_version: row.resource_version,
    phone_number: row.phone_number,
    data: row.data as Record<string, unknown>,
    previous_attributes: (row.previous_attributes ?? null) as Record<string, unknown> | null,
    request_id: row.request_id,
    idempotency_key: row.idempotency_key,
    surface: row.surface,
    actor: row.actor as Actor & { job_id?: string },
  };
}
