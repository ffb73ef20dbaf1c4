import { sql, type Kysely } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database, EventRow, WebhookAttemptRow, WebhookDeliveryRow } from '../db/schema.js';
import type { AttemptResult } from './webhook-sender.js';

export type DeliveryStatus = WebhookDeliveryRow['status'];

/** A delivery the worker claimed: its row, with next_attempt_at holding the claim's end (its token). */
export type ClaimedDelivery = WebhookDeliveryRow & { next_attempt_at: Date };

/** How a delivery stands after an attempt. */
export interface Settlement {
  status: DeliveryStatus;
  /** When the next attempt is due; null once settled. */
  nextAttemptAt: Date | null;
}

const now = () => sql<Date>`now()` as unknown as Date;

/**
 * Deliveries and their attempts. The journal inserts deliveries (src/changes/journal.repo.ts);
 * this repository is the one that changes them. `attempts` counts the attempts of the
 * delivery's current round, which a redelivery or a recovery starts again (the retry schedule
 * follows it); webhook_attempts keeps every attempt, numbered from the first.
 */
export class WebhookDeliveriesRepo {
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

  /** The events of claimed deliveries, of any organization. */
  eventsByIds(ids: readonly string[]): Promise<EventRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('events').selectAll().where('id', 'in', [...ids]).execute();
  }

  async recordAttempt(delivery: ClaimedDelivery, result: AttemptResult): Promise<void> {
    await this.db
      .insertInto('webhook_attempts')
      .values((eb) => ({
        organization_id: delivery.organization_id,
        delivery_id: delivery.id,
        endpoint_id: delivery.endpoint_id,
        event_id: delivery.event_id,
        attempt: eb
          .selectFrom('webhook_attempts')
          .select(sql<number>`count(*)::int + 1`.as('next'))
          .where('delivery_id', '=', delivery.id),
        outcome: result.outcome,
        error_class: result.errorClass,
        response_status: result.responseStatus,
        response_body: result.responseBody,
        duration_ms: result.durationMs,
      }))
      .execute();
  }

  /**
   * Settles an attempt, if the claim still holds: false when the lease ran out and another
   * worker claimed the delivery, or it was queued again meanwhile (their word stands then).
   */
  async settle(delivery: ClaimedDelivery, attempted: boolean, settlement: Settlement): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: settlement.status,
        next_attempt_at: settlement.nextAttemptAt,
        ...(attempted ? { attempts: eb('attempts', '+', 1), last_attempt_at: now() } : {}),
        updated_at: now(),
      }))
      .where('id', '=', delivery.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', delivery.next_attempt_at)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** An endpoint was disabled: what it was still to be sent is not sent, and counts as failed. */
  async failPending(organizationId: string, endpointId: string): Promise<number> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', next_attempt_at: null, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  listForEndpoint(organizationId: string, endpointId: string, status: DeliveryStatus | undefined, limit: number, after?: CreatedCursor): Promise<WebhookDeliveryRow[]> {
    let query = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('endpoint_id', '=', endpointId)
      .orderBy(NEWEST_FIRST)
      .limit(limit);
    if (status) query = query.where('status', '=', status);
    if (after) query = query.where(createdBefore(after));
    return query.execute();
  }

  listForEvent(organizationId: string, eventId: string, limit: number, after?: CreatedCursor): Promise<WebhookDeliveryRow[]> {
    let query = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('event_id', '=', eventId)
      .orderBy(NEWEST_FIRST)
      .limit(limit);
    if (after) query = query.where(createdBefore(after));
    return query.execute();
  }

  /** The attempts of these deliveries, first first. */
  attemptsOf(organizationId: string, deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]> {
    if (!deliveryIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('delivery_id', 'in', [...deliveryIds])
      .orderBy('attempt')
      .execute();
  }

  findEvent(organizationId: string, eventId: string): Promise<EventRow | undefined> {
    return this.db.selectFrom('events').selectAll().where('organization_id', '=', organizationId).where('id', '=', eventId).executeTakeFirst();
  }

  /**
   * Queues the event again for one endpoint, due now, as a new round: the delivery it has, or
   * a new one (an endpoint created after the event may be sent it too).
   */
  async requeueForEndpoint(organizationId: string, eventId: string, endpointId: string): Promise<number> {
    const result = await this.db
      .insertInto('webhook_deliveries')
      .values({ organization_id: organizationId, endpoint_id: endpointId, event_id: eventId })
      .onConflict((oc) =>
        oc.columns(['endpoint_id', 'event_id']).doUpdateSet({ status: 'pending', attempts: 0, next_attempt_at: now(), updated_at: now() }),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }

  /** Queues the event again, due now, for every enabled endpoint it was delivered (or due) to. */
  async requeueForEvent(organizationId: string, eventId: string): Promise<number> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now(), updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('event_id', '=', eventId)
      .where('endpoint_id', 'in', (eb) =>
        eb.selectFrom('webhook_endpoints').select('id').where('organization_id', '=', organizationId).where('enabled', '=', true),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Queues again, due now, every failed delivery of the endpoint created at or after `since`. */
  async requeueFailedSince(organizationId: string, endpointId: string, since: Date): Promise<number> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now(), updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'failed')
      .where('created_at', '>=', since)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
