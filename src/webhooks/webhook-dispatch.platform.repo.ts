import { sql, type Kysely } from 'kysely';
import type { Database, EventRow, WebhookDeliveryRow, WebhookEndpointRow } from '../db/schema.js';
import type { Backlog } from '../jobs/job.js';
import { now } from './webhook-deliveries.repo.js';

/** A delivery the worker claimed: its row, with next_attempt_at holding the claim's end (its token). */
export type ClaimedDelivery = WebhookDeliveryRow & { next_attempt_at: Date };

/**
 * SQL across organizations for the webhook dispatcher, the platform's own work: claiming due
 * deliveries of every organization, and reading the events and endpoints they name. What an
 * attempt then writes goes through the organization's WebhookDeliveriesRepo.
 */
export class WebhookDispatchPlatformRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claims due deliveries, of every organization: their next attempt is pushed to the end of
   * the lease in the same statement, so other workers skip them now (SKIP LOCKED) and after
   * (not due), and a worker that dies with them lets them come due again when the lease ends.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    // Milliseconds only, so the claim's end survives the trip through a JS Date and settle can match it.
    return (await this.db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: sql<Date>`date_trunc('milliseconds', now() + make_interval(secs => ${leaseSeconds}))` as unknown as Date })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now())
          .orderBy('next_attempt_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .where('status', '=', 'pending')
      .returningAll()
      .execute()) as ClaimedDelivery[];
  }

  /** Deliveries due now, of every organization, and when the longest-waiting came due: for the metrics. */
  async dueBacklog(): Promise<Backlog> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .select([sql<number>`count(*)::int`.as('items'), sql<Date | null>`min(next_attempt_at)`.as('oldest')])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now())
      .executeTakeFirstOrThrow();
    return { items: row.items, oldest: row.oldest };
  }

  /** The events of claimed deliveries, of any organization. */
  eventsByIds(ids: readonly string[]): Promise<EventRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('events').selectAll().where('id', 'in', [...ids]).execute();
  }

  /** The endpoints of claimed deliveries, of any organization. */
  endpointsByIds(ids: readonly string[]): Promise<WebhookEndpointRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', [...ids]).execute();
  }
}
