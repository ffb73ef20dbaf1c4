import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventType, ResourceType } from '../events/event-types.js';
import type { Actor, Cause } from './cause.js';
import type { AuditNote, ChangeNote } from './journal.js';

/** A noted change ready to write: its event's fields and its audit record's changes. */
export interface JournalEntry extends ChangeNote {
  resourceType: ResourceType;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

export interface WrittenEvent {
  id: string;
  organization_id: string;
  sequence: number;
  type: EventType;
}

/** The audit record's actor columns. */
export function actorColumns(actor: Actor): { actor_type: Actor['type']; actor_id: string | null; actor_key_prefix: string | null } {
  switch (actor.type) {
    case 'api_key':
      return { actor_type: 'api_key', actor_id: actor.id, actor_key_prefix: actor.prefix };
    case 'system':
      return { actor_type: 'system', actor_id: actor.name, actor_key_prefix: null };
    default:
      return { actor_type: actor.type, actor_id: null, actor_key_prefix: null };
  }
}

/**
 * The outbox's one writer: a unit of work's events, their audit records and their webhook
 * deliveries, in one call per organization of journal_append (0009_event_sequence_without_lock.sql),
 * run as the last write of the transaction.
 *
 * It announces the transaction as a writer of the organization's events (a shared advisory
 * lock, held to the commit, that other writers never wait for) and then takes the next values
 * of the one event sequence; a reader of the organization's events waits for the writers in
 * flight before it reads (EventsRepo.horizon), so a consumer reading past sequence N never
 * finds a smaller one appear later. Deliveries are queued for every enabled endpoint of the
 * organization whose event_types cover the event's type (the rule of typeMatches).
 */
export class JournalRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entries: readonly JournalEntry[], cause: Cause): Promise<WrittenEvent[]> {
    const byOrganization = new Map<string, JournalEntry[]>();
    for (const entry of entries) {
      const group = byOrganization.get(entry.organizationId);
      if (group) group.push(entry);
      else byOrganization.set(entry.organizationId, [entry]);
    }
    const written: WrittenEvent[] = [];
    // Organizations in a fixed order, so two units of work spanning the same ones never deadlock.
    for (const organizationId of [...byOrganization.keys()].sort()) {
      written.push(...(await this.appendForOrganization(organizationId, byOrganization.get(organizationId)!, cause)));
    }
    return written;
  }

  /** Audit records of changes no event tells of. */
  async appendAudit(notes: readonly AuditNote[], cause: Cause): Promise<void> {
    const actor = actorColumns(cause.actor);
    await this.db
      .insertInto('audit_log')
      .values(
        notes.map((note) => ({
          organization_id: note.organizationId,
          ...actor,
          surface: cause.surface,
          action: note.action,
          outcome: 'succeeded' as const,
          resource_type: note.resourceType,
          resource_id: note.resourceId,
          phone_number: note.phoneNumber ?? null,
          request_id: cause.requestId ?? null,
          client_ip: cause.clientIp ?? null,
          user_agent: cause.userAgent ?? null,
          changes: note.changes ? JSON.stringify(note.changes) : null,
        })),
      )
      .execute();
  }

  /**
   * The call of journal_append for one organization's entries, as an expression a statement of
   * another repository can embed (a change and its journal in one statement; see NumbersRepo).
   */
  call(organizationId: string, entries: readonly JournalEntry[], cause: Cause): RawBuilder<unknown> {
    const document = JSON.stringify(
      entries.map((entry, index) => ({
        i: index + 1,
        type: entry.type,
        resource_type: entry.resourceType,
        resource_id: entry.resourceId,
        resource_version: entry.resourceVersion ?? null,
        phone_number: entry.phoneNumber ?? null,
        data: entry.data,
        previous_attributes: entry.previousAttributes ?? null,
        changes: entry.changes,
        only_endpoint_id: entry.onlyEndpointId ?? null,
      })),
    );
    const actor = actorColumns(cause.actor);
    // A bulk job's change names the job beside its actor: the audit record reaches it by event_id.
    const actorDocument = cause.jobId ? { ...cause.actor, job_id: cause.jobId } : cause.actor;
    return sql`journal_append(
        ${organizationId}, ${entries.length}, ${document}::jsonb, ${cause.requestId ?? null}, ${cause.idempotencyKey ?? null},
        ${cause.surface}, ${JSON.stringify(actorDocument)}::jsonb, ${actor.actor_type}, ${actor.actor_id},
        ${actor.actor_key_prefix}, ${cause.clientIp ?? null}, ${cause.userAgent ?? null})`;
  }

  private async appendForOrganization(organizationId: string, entries: readonly JournalEntry[], cause: Cause): Promise<WrittenEvent[]> {
    const { rows } = await sql<{ id: string; sequence: string; type: EventType }>`
      SELECT id, sequence, type FROM ${this.call(organizationId, entries, cause)}`.execute(this.db);
    return rows.map((row) => ({ id: row.id, organization_id: organizationId, sequence: Number(row.sequence), type: row.type }));
  }
}
