import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { CreatedCursor } from '../db/created-order.js';
import type { AuditLogTable, AuditRow, Database } from '../db/schema.js';

/** What a reader narrows the log to; every field optional, all of them must hold. */
export interface AuditFilter {
  actorType?: AuditLogTable['actor_type'];
  actorId?: string;
  actorKeyPrefix?: string;
  /** An action exactly, or every action starting with actionPrefix. */
  action?: string;
  actionPrefix?: string;
  resourceId?: string;
  /** E.164. */
  phoneNumber?: string;
  outcome?: AuditLogTable['outcome'];
  surface?: string;
  requestId?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

/** An audit record to write, without the columns the database fills in. */
export interface NewAuditRecord {
  actor_type: AuditLogTable['actor_type'];
  actor_id: string | null;
  actor_key_prefix: string | null;
  surface: string;
  action: string;
  outcome: AuditLogTable['outcome'];
  resource_type: string | null;
  resource_id: string | null;
  request_id: string | null;
  client_ip: string | null;
  user_agent: string | null;
  error_code: string | null;
}

type Where = ExpressionBuilder<Database, 'audit_log'>;

function conditions(eb: Where, f: AuditFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.actorType) c.push(eb('actor_type', '=', f.actorType));
  if (f.actorId) c.push(eb('actor_id', '=', f.actorId));
  if (f.actorKeyPrefix) c.push(eb('actor_key_prefix', '=', f.actorKeyPrefix));
  if (f.action) c.push(eb('action', '=', f.action));
  // starts_with rather than LIKE: action names hold underscores, which LIKE reads as wildcards.
  if (f.actionPrefix) c.push(sql<SqlBool>`starts_with(action, ${f.actionPrefix})`);
  if (f.resourceId) c.push(eb('resource_id', '=', f.resourceId));
  if (f.phoneNumber) c.push(eb('phone_number', '=', f.phoneNumber));
  if (f.outcome) c.push(eb('outcome', '=', f.outcome));
  if (f.surface) c.push(eb('surface', '=', f.surface));
  if (f.requestId) c.push(eb('request_id', '=', f.requestId));
  if (f.createdAfter) c.push(eb('created_at', '>=', f.createdAfter));
  if (f.createdBefore) c.push(eb('created_at', '<', f.createdBefore));
  return c;
}

/**
 * The audit log's reads and the writes of records no change journals (refusals, reads of the
 * log). Records of changes are written by the journal (src/changes/journal.repo.ts), in the
 * change's own transaction. Pages are newest first by (created_at, id): created_at is kept to
 * the millisecond (0008_events_audit_webhooks.sql), the cursor's precision, so the order is the column's own
 * and the indexes serve it.
 */
export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** One record; organizationId is null for an operator's action that concerns no one organization. */
  insert(organizationId: string | null, record: NewAuditRecord): Promise<AuditRow> {
    return this.db
      .insertInto('audit_log')
      .values({ organization_id: organizationId, ...record, changes: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** An organization's records, newest first. */
  listForOrganization(organizationId: string, filter: AuditFilter, limit: number, after?: CreatedCursor): Promise<AuditRow[]> {
    return this.page(limit, after)
      .where((eb) => eb.and([eb('organization_id', '=', organizationId), ...conditions(eb, filter)]))
      .execute();
  }

  /** Every organization's records (and those filed under none), newest first: the operator's view. */
  listAcrossOrganizations(filter: AuditFilter & { organizationId?: string }, limit: number, after?: CreatedCursor): Promise<AuditRow[]> {
    return this.page(limit, after)
      .where((eb) => {
        const c = conditions(eb, filter);
        if (filter.organizationId) c.push(eb('organization_id', '=', filter.organizationId));
        return eb.and(c);
      })
      .execute();
  }

  private page(limit: number, after?: CreatedCursor) {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (after) query = query.where(sql<SqlBool>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
    return query;
  }
}
