import { sql, type Kysely } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database, EventRow, WebhookAttemptRow, WebhookDeliveryRow } from '../db/schema.js';
import type { ClaimedDelivery } from './webhook-dispatch.platform.repo.js';
import type { AttemptResult } from './webhook-sender.js';

export type DeliveryStatus = WebhookDeliveryRow['status'];


/** How a delivery stands after an attempt. */
export interface Settlement {
  status: DeliveryStatus;
  /** When the next attempt is due; null once settled. */
  nextAttemptAt: Date | null;
}

export const now = () => sql<Date>`now()` as unknown as Date;

/** An attempt's row, numbered after the delivery's attempts so far. */
function attemptRow(delivery: ClaimedDelivery, result: AttemptResult) {
  return {
    organization_id: delivery.organization_id,
    delivery_id: delivery.id,
    endpoint_id: delivery.endpoint_id,
    event_id: delivery.event_id,
    attempt: sql<number>`(SELECT count(*)::int + 1 FROM webhook_attempts WHERE delivery_id = ${delivery.id})`,
    outcome: result.outcome,
    error_class: result.errorClass,
    response_status: result.responseStatus,
    response_body: result.responseBody,
    duration_ms: result.durationMs,
  };
}

/**
 * An organization's deliveries and their attempts. The journal inserts deliveries
 * (journal_append); this repository is the one that changes them; the dispatcher claims due
 * ones across organizations through WebhookDispatchPlatformRepo. `attempts` counts the attempts of the
 * delivery's current round, which a redelivery or a recovery starts again (the retry schedule
 * follows it); webhook_attempts keeps every attempt, numbered from the first.
 */
export class WebhookDeliveriesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async recordAttempt(delivery: ClaimedDelivery, result: AttemptResult): Promise<void> {
    await this.db.insertInto('webhook_attempts').values(attemptRow(delivery, result)).execute();
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
      .where('organization_id', '=', delivery.organization_id)
      .where('id', '=', delivery.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', delivery.next_attempt_at)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Attempts that succeeded, of one organization's deliveries: each recorded, and each delivery
   * settled as succeeded if its claim still holds, in two statements for the lot. Answers how
   * many were settled (the others' leases ran out: another worker has them).
   */
  async recordSuccesses(organizationId: string, sent: ReadonlyArray<{ delivery: ClaimedDelivery; result: AttemptResult }>): Promise<number> {
    await this.db
      .insertInto('webhook_attempts')
      .values(sent.map(({ delivery, result }) => attemptRow(delivery, result)))
      .execute();
    const claims = sql.join(sent.map(({ delivery }) => sql`(${delivery.id}::uuid, ${delivery.next_attempt_at}::timestamptz)`));
    const { rows } = await sql<{ id: string }>`
      UPDATE webhook_deliveries AS d
      SET status = 'succeeded', next_attempt_at = NULL, attempts = d.attempts + 1, last_attempt_at = now(), updated_at = now()
      FROM (VALUES ${claims}) AS claim (id, lease)
      WHERE d.organization_id = ${organizationId} AND d.id = claim.id AND d.status = 'pending' AND d.next_attempt_at = claim.lease
      RETURNING d.id`.execute(this.db);
    return rows.length;
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
