import { sql, type Kysely } from 'kysely';
import type { Database, EventRow } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import type { EventType } from './event-types.js';

/** What a list of events is narrowed to; every filter combines with AND. */
export interface EventFilters {
  /** Any of these exact types (wildcards expanded by the service); absent: every type. */
  types?: readonly EventType[];
  resourceId?: string;
  /** E.164. */
  phoneNumber?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

export interface EventPageRequest {
  filters: EventFilters;
  descending: boolean;
  /** Only events past this sequence, in the direction of the list. */
  afterSequence?: number;
  /** Only events up to this sequence: the horizon, below which every event is settled. */
  upToSequence: number;
  limit: number;
}

/** SQL for reading an organization's events (the journal writes them: src/changes/journal.repo.ts). */
export class EventsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The organization's horizon: the last sequence handed out, once every change of the
   * organization in flight has committed or rolled back (events_horizon in
   * 0009_event_sequence_without_lock.sql). Events up to it are all there is below it, for good.
   * Called alone, so the lock it takes is let go at once; the list that follows is a later
   * statement, which sees what the wait let commit.
   */
  async horizon(organizationId: string): Promise<number> {
    const { rows } = await sql<{ horizon: string }>`SELECT events_horizon(${organizationId}) AS horizon`.execute(this.db);
    return Number(rows[0]!.horizon);
  }

  /** An organization's events in sequence order, past the given sequence and up to the horizon. */
  list(organizationId: string, request: EventPageRequest): Promise<EventRow[]> {
    const { filters: f, descending, afterSequence, upToSequence, limit } = request;
    let query = this.db
      .selectFrom('events')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('sequence', '<=', String(upToSequence))
      .orderBy('sequence', descending ? 'desc' : 'asc')
      .limit(limit);
    if (afterSequence !== undefined) query = query.where('sequence', descending ? '<' : '>', String(afterSequence));
    if (f.types) query = query.where('type', 'in', [...f.types]);
    if (f.resourceId !== undefined) query = query.where('resource_id', '=', f.resourceId);
    if (f.phoneNumber !== undefined) query = query.where('phone_number', '=', f.phoneNumber);
    if (f.createdAfter) query = query.where('created_at', '>=', f.createdAfter);
    if (f.createdBefore) query = query.where('created_at', '<', f.createdBefore);
    return query.execute();
  }

  /** Whether the resource, at this version, has already been told of by an event of this type. */
  async told(organizationId: string, resourceId: string, type: EventType, resourceVersion: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('events')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('resource_id', '=', resourceId)
      .where('type', '=', type)
      .where('resource_version', '=', resourceVersion)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async findById(organizationId: string, id: string): Promise<EventRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db.selectFrom('events').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  }
}
