import { sql, type Kysely, type RawBuilder } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import { violatesUnique } from '../db/db-errors.js';
import type { BulkJobItemRow, BulkJobRow, Database } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import type { NumberTarget } from '../numbers/numbers.repo.js';
import { ACTIVE_STATUSES, type BulkAction, type BulkItemOutcome, type BulkJobStatus } from './bulk-job.js';

export interface NewBulkJob {
  organization_id: string;
  action: BulkAction;
  params: Record<string, unknown>;
  target: Record<string, unknown>;
  retry_of: string | null;
  idempotency_key: string | null;
  request_hash: string;
  surface: string;
  actor: unknown;
  request_id: string | null;
}

/** One target of a new job: a number of the organization, or what the client named that is none (failed at once). */
export type JobTarget = { id: string; number: string; error?: undefined } | { id: null; number: string; error: { code: string; detail: string } };

/** An item with its number's numeric id (null when it named no number of the organization). */
export type ItemWithSeq = BulkJobItemRow & { seq: string | null };

/** A page of jobs by position (see BulkService.page). */
export interface JobPageFilter {
  actions?: readonly BulkAction[];
  statuses?: readonly BulkJobStatus[];
  /** Only jobs one of whose items is one of these numbers (E.164). */
  phoneNumbers?: readonly string[];
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** How many of a job's items are in each outcome. */
export type OutcomeCounts = Record<BulkItemOutcome, number>;

/** What an item came to: succeeded (changed or already so), or failed with the catalogue's error. */
export type ItemSettlement =
  | { outcome: 'succeeded'; changed: boolean }
  | { outcome: 'failed'; code: string; detail: string };

const now = () => sql<Date>`now()` as unknown as Date;

/** Rows of items inserted per statement: a job of 100,000 numbers in a few round trips. */
const ITEM_INSERT_CHUNK = 5000;

function leaseEnd(seconds: number): Date {
  return sql<Date>`now() + make_interval(secs => ${seconds})` as unknown as Date;
}

/**
 * SQL for an organization's bulk jobs and their items. The numbers the items change are
 * written by NumbersRepo, through the numbers' services; an item is marked done by settle,
 * in the transaction of its number's change (BulkService joins them).
 */
export class BulkRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The job and one pending item per target, in one transaction; undefined when the
   * idempotency key is taken already. With claimSeconds the items are held by the caller
   * (a job run while the request waits) for that long before any worker may take them.
   */
  async create(job: NewBulkJob, targets: readonly JobTarget[], claimSeconds?: number): Promise<BulkJobRow | undefined> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('bulk_jobs')
          .values({
            ...job,
            params: JSON.stringify(job.params),
            target: JSON.stringify(job.target),
            actor: JSON.stringify(job.actor),
            status: 'queued',
            total: targets.length,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const claimed = claimSeconds ? sql`now() + make_interval(secs => ${claimSeconds})` : sql`'-infinity'::timestamptz`;
        for (let start = 0; start < targets.length; start += ITEM_INSERT_CHUNK) {
          const chunk = targets.slice(start, start + ITEM_INSERT_CHUNK);
          const column = <T>(pick: (target: JobTarget) => T) => sql.val(chunk.map(pick));
          await sql`
            INSERT INTO bulk_job_items (job_id, position, organization_id, phone_number_id, phone_number, outcome, error_code, error_detail, processed_at, claimed_until)
            SELECT ${row.id}, ${start}::int + t.ord::int - 1, ${job.organization_id}, t.id, t.number,
                   CASE WHEN t.code IS NULL THEN 'pending' ELSE 'failed' END, t.code, t.detail,
                   CASE WHEN t.code IS NULL THEN NULL ELSE now() END, ${claimed}
            FROM unnest(${column((t) => t.id)}::uuid[], ${column((t) => t.number)}::text[], ${column((t) => t.error?.code ?? null)}::text[],
                        ${column((t) => t.error?.detail ?? null)}::text[]) WITH ORDINALITY AS t(id, number, code, detail, ord)`.execute(trx);
        }
        return row;
      });
    } catch (error) {
      if (violatesUnique(error, 'bulk_jobs_org_idempotency_key')) return undefined;
      throw error;
    }
  }

  async findById(organizationId: string, id: string): Promise<BulkJobRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db.selectFrom('bulk_jobs').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  }

  async findByIdempotencyKey(organizationId: string, key: string): Promise<BulkJobRow | undefined> {
    return this.db
      .selectFrom('bulk_jobs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  /** Newest first, after the (created_at, id) of the last job of the previous page. */
  async list(organizationId: string, limit: number, after?: CreatedCursor): Promise<BulkJobRow[]> {
    let query = this.db.selectFrom('bulk_jobs').selectAll().where('organization_id', '=', organizationId).orderBy(NEWEST_FIRST).limit(limit);
    if (after) query = query.where(createdBefore(after));
    return query.execute();
  }

  /** A page of jobs in creation order, and how many match in all. */
  async page(organizationId: string, filter: JobPageFilter): Promise<{ rows: BulkJobRow[]; total: number }> {
    let query = this.db.selectFrom('bulk_jobs').where('organization_id', '=', organizationId);
    if (filter.actions) query = query.where('action', 'in', [...filter.actions]);
    if (filter.statuses) query = query.where('status', 'in', [...filter.statuses]);
    if (filter.phoneNumbers) {
      const numbers = [...filter.phoneNumbers];
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('bulk_job_items as i')
            .select('i.position')
            .whereRef('i.job_id', '=', 'bulk_jobs.id')
            .where('i.organization_id', '=', organizationId)
            .where('i.phone_number', 'in', numbers),
        ),
      );
    }
    const [rows, count] = await Promise.all([
      query
        .selectAll()
        .orderBy('created_at', filter.order)
        .orderBy('id', filter.order)
        .offset(filter.offset)
        .limit(filter.limit)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.count) };
  }

  /** The first `perJob` items of each of these jobs, in position order, each with its number's numeric id. */
  async firstItems(organizationId: string, jobIds: readonly string[], perJob: number): Promise<ItemWithSeq[]> {
    if (!jobIds.length) return [];
    const rows = await this.db
      .selectFrom('bulk_job_items as i')
      .leftJoin('phone_numbers as n', (join) => join.onRef('n.id', '=', 'i.phone_number_id').onRef('n.organization_id', '=', 'i.organization_id'))
      .selectAll('i')
      .select(sql<string | null>`n.seq::text`.as('seq'))
      .where('i.organization_id', '=', organizationId)
      .where('i.job_id', 'in', [...jobIds])
      .where('i.position', '<', perJob)
      .orderBy('i.job_id')
      .orderBy('i.position')
      .execute();
    return rows;
  }

  /** Each job's items counted by outcome. */
  async counts(organizationId: string, jobIds: readonly string[]): Promise<Map<string, OutcomeCounts>> {
    const counts = new Map<string, OutcomeCounts>(jobIds.map((id) => [id, { pending: 0, succeeded: 0, failed: 0, canceled: 0 }]));
    if (!jobIds.length) return counts;
    const rows = await this.db
      .selectFrom('bulk_job_items')
      .select(['job_id', 'outcome', (eb) => eb.fn.countAll<string>().as('count')])
      .where('organization_id', '=', organizationId)
      .where('job_id', 'in', [...jobIds])
      .groupBy(['job_id', 'outcome'])
      .execute();
    for (const row of rows) counts.get(row.job_id)![row.outcome] = Number(row.count);
    return counts;
  }

  /** A job's items in position order, after a position, of one outcome or any. */
  async items(organizationId: string, jobId: string, options: { outcome?: BulkItemOutcome; after?: number; limit: number }): Promise<BulkJobItemRow[]> {
    let query = this.db
      .selectFrom('bulk_job_items')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('job_id', '=', jobId)
      .orderBy('position')
      .limit(options.limit);
    if (options.outcome) query = query.where('outcome', '=', options.outcome);
    if (options.after !== undefined) query = query.where('position', '>', options.after);
    return query.execute();
  }

  /** The numbers of a job's failed items, in position order: the targets of its retry (a target that named no number stays out). */
  async failedTargets(organizationId: string, jobId: string): Promise<NumberTarget[]> {
    return this.db
      .selectFrom('bulk_job_items')
      .select(['phone_number_id as id', 'phone_number as number'])
      .where('organization_id', '=', organizationId)
      .where('job_id', '=', jobId)
      .where('outcome', '=', 'failed')
      .where('phone_number_id', 'is not', null)
      .orderBy('position')
      .$narrowType<{ id: string }>()
      .execute();
  }

  /**
   * Claims a job's pending items for this caller, up to limit in position order, held until
   * the lease ends; items another worker holds are skipped. The items are picked once, in a
   * materialized CTE: as `position IN (subquery ... LIMIT)` the planner may rescan the
   * subquery for every row it updates, and each rescan skips the rows this very statement
   * has just claimed (SKIP LOCKED passes over them), so the window slides on and the claim
   * takes every pending item of the job, in time quadratic in their count. The picked rows
   * are then updated by their row addresses (locked, so they stay where they are), each found
   * directly: joined by position instead, a table whose statistics predate the job's items
   * (a job just made, before any ANALYZE) was planned as a nested loop over every item of the
   * job for each picked one (0.4 s a claim at 20,000 items).
   */
  async claimItems(organizationId: string, jobId: string, limit: number, leaseSeconds: number): Promise<BulkJobItemRow[]> {
    const { rows } = await sql<BulkJobItemRow>`
      WITH picked AS MATERIALIZED (
        SELECT ctid FROM bulk_job_items
        WHERE organization_id = ${organizationId} AND job_id = ${jobId} AND outcome = 'pending' AND claimed_until <= now()
        ORDER BY position
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE bulk_job_items AS item SET claimed_until = ${leaseEnd(leaseSeconds)}
      FROM picked
      WHERE item.ctid = picked.ctid AND item.organization_id = ${organizationId} AND item.job_id = ${jobId}
      RETURNING item.*`.execute(this.db);
    return rows.sort((a, b) => a.position - b.position);
  }

  /** A queued job starts running: when its first items are claimed. */
  async markRunning(organizationId: string, jobId: string): Promise<void> {
    await this.db
      .updateTable('bulk_jobs')
      .set({ status: 'running', started_at: now(), updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', jobId)
      .where('status', '=', 'queued')
      .execute();
  }

  /**
   * Records what an item came to, if it is still `from` (pending, unless a change already
   * settled it): false when it is not (another worker settled it, or the job was canceled).
   */
  async settle(organizationId: string, jobId: string, position: number, settlement: ItemSettlement, from: BulkItemOutcome = 'pending'): Promise<boolean> {
    const result = await this.db
      .updateTable('bulk_job_items')
      .set(
        settlement.outcome === 'succeeded'
          ? { outcome: 'succeeded', changed: settlement.changed, processed_at: now() }
          : { outcome: 'failed', error_code: settlement.code, error_detail: settlement.detail, processed_at: now() },
      )
      .where('organization_id', '=', organizationId)
      .where('job_id', '=', jobId)
      .where('position', '=', position)
      .where('outcome', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * The item marked succeeded as part of its number's change's own statement (a function call
   * for its FROM list): it raises SQLSTATE DT001, rolling the change back, when the item is no
   * longer pending (0015_bulk_item_in_change_statement.sql).
   */
  succeededInStatement(organizationId: string, jobId: string, position: number): RawBuilder<unknown> {
    return sql`bulk_item_succeeded(${organizationId}::uuid, ${jobId}::uuid, ${position}::int)`;
  }

  /**
   * Settles a job whose items are all done: completed, or failed when none succeeded. Undefined
   * when it is not active or still has pending items (or another process settled it first).
   */
  async finish(organizationId: string, jobId: string): Promise<BulkJobRow | undefined> {
    return this.db
      .updateTable('bulk_jobs')
      .set({
        status: sql`CASE WHEN total > 0 AND NOT EXISTS (
          SELECT 1 FROM bulk_job_items i WHERE i.job_id = bulk_jobs.id AND i.outcome = 'succeeded') THEN 'failed' ELSE 'completed' END`,
        completed_at: now(),
        updated_at: now(),
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', jobId)
      .where('status', 'in', [...ACTIVE_STATUSES])
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('bulk_job_items as i').select('i.position').whereRef('i.job_id', '=', 'bulk_jobs.id').where('i.outcome', '=', 'pending'))),
      )
      .returningAll()
      .executeTakeFirst();
  }

  /** Cancels an active job: its pending items will not be worked. Undefined when it is not active. */
  async cancel(organizationId: string, jobId: string): Promise<BulkJobRow | undefined> {
    const row = await this.db
      .updateTable('bulk_jobs')
      .set({ status: 'canceled', completed_at: now(), updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', jobId)
      .where('status', 'in', [...ACTIVE_STATUSES])
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    await this.db
      .updateTable('bulk_job_items')
      .set({ outcome: 'canceled', processed_at: now() })
      .where('organization_id', '=', organizationId)
      .where('job_id', '=', jobId)
      .where('outcome', '=', 'pending')
      .execute();
    return row;
  }
}
