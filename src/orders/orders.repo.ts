import { sql, type Kysely } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database, NewPhoneNumberRow, NumberOrderItemRow, NumberOrderRow } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import type { PhoneNumberRecord } from '../numbers/phone-number.js';
import { HELD, RECORD_COLUMNS } from '../numbers/numbers.repo.js';

export interface NewOrder {
  organization_id: string;
  carrier: string;
  carrier_account_id: string | null;
  customer_reference: string | null;
  idempotency_key: string | null;
  request_hash: string;
}

export interface OrderWithItems extends NumberOrderRow {
  items: NumberOrderItemRow[];
}

export interface Activation {
  purchasedAt: Date;
  nextBillingDate: Date;
  monthlyCost: string | null;
  upfrontCost: string | null;
  currency: string;
  capabilities: string[] | null;
  carrierNumberId: string | null;
  /** What the first period costs: upfront plus the month. */
  firstCharge: string;
}

const now = () => sql<Date>`now()` as unknown as Date;

function isIdempotencyConflict(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === 'number_orders_org_idempotency_key';
}

/**
 * SQL for number orders, and for the purchase side of a phone number's life: claiming the
 * number (a purchase_pending row, which the unique index on held numbers arbitrates), then
 * activating or abandoning it together with the order's result, each in one short transaction.
 */
export class OrdersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** The order and its items, or undefined when the idempotency key is already taken. */
  async create(order: NewOrder, numbers: readonly string[]): Promise<OrderWithItems | undefined> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('number_orders').values({ ...order, status: 'pending' }).returningAll().executeTakeFirstOrThrow();
        const items = await trx
          .insertInto('number_order_items')
          .values(numbers.map((number, position) => ({ organization_id: order.organization_id, order_id: row.id, position, number, status: 'pending' })))
          .returningAll()
          .execute();
        return { ...row, items: items.sort((a, b) => a.position - b.position) };
      });
    } catch (error) {
      if (isIdempotencyConflict(error)) return undefined;
      throw error;
    }
  }

  async findByIdempotencyKey(organizationId: string, key: string): Promise<OrderWithItems | undefined> {
    const row = await this.db
      .selectFrom('number_orders')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? this.withItems(row) : undefined;
  }

  async findById(organizationId: string, id: string): Promise<OrderWithItems | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.db
      .selectFrom('number_orders')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? this.withItems(row) : undefined;
  }

  /** Newest first; after is the (created_at, id) of the last order of the previous page. */
  async list(organizationId: string, limit: number, after?: CreatedCursor): Promise<OrderWithItems[]> {
    let query = this.db
      .selectFrom('number_orders')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy(NEWEST_FIRST)
      .limit(limit);
    if (after) query = query.where(createdBefore(after));
    const rows = await query.execute();
    return Promise.all(rows.map((row) => this.withItems(row)));
  }

  private async withItems(row: NumberOrderRow): Promise<OrderWithItems> {
    const items = await this.db
      .selectFrom('number_order_items')
      .selectAll()
      .where('organization_id', '=', row.organization_id)
      .where('order_id', '=', row.id)
      .orderBy('position')
      .execute();
    return { ...row, items };
  }

  /** Holds the number for this order, or undefined when someone holds it already. */
  async claim(itemId: string, row: NewPhoneNumberRow): Promise<PhoneNumberRecord | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('phone_numbers')
        .values(row)
        .onConflict((oc) => oc.column('number').where(HELD).doNothing())
        .returning(RECORD_COLUMNS)
        .executeTakeFirst();
      if (claimed) {
        await trx
          .updateTable('number_order_items')
          .set({ status: 'claimed', phone_number_id: claimed.id, updated_at: now() })
          .where('organization_id', '=', row.organization_id)
          .where('id', '=', itemId)
          .execute();
      }
      return claimed;
    });
  }

  /** The carrier sold it: the number goes active, the item purchased, the first period billed. */
  async activate(organizationId: string, item: NumberOrderItemRow, a: Activation): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const activated = await trx
        .updateTable('phone_numbers')
        .set({
          status: 'active',
          purchased_at: a.purchasedAt,
          next_billing_date: a.nextBillingDate,
          monthly_cost: a.monthlyCost,
          upfront_cost: a.upfrontCost,
          currency: a.currency,
          ...(a.capabilities ? { capabilities: a.capabilities } : {}),
          updated_at: now(),
        })
        .where('organization_id', '=', organizationId)
        .where('id', '=', item.phone_number_id!)
        .where('status', '=', 'purchase_pending')
        .returning('id')
        .executeTakeFirst();
      if (activated) {
        await trx
          .insertInto('billing_records')
          .values({
            organization_id: organizationId,
            phone_number_id: activated.id,
            kind: 'purchase',
            period_start: a.purchasedAt,
            period_end: a.nextBillingDate,
            amount: a.firstCharge,
            currency: a.currency,
          })
          .onConflict((oc) => oc.columns(['phone_number_id', 'period_start']).doNothing())
          .execute();
      }
      await trx
        .updateTable('number_order_items')
        .set({ status: 'purchased', carrier_number_id: a.carrierNumberId, updated_at: now() })
        .where('organization_id', '=', organizationId)
        .where('id', '=', item.id)
        .execute();
    });
  }

  /** The purchase did not happen: the claim is let go (released) and the item records why. */
  async fail(organizationId: string, item: NumberOrderItemRow, code: string, detail: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (item.phone_number_id) {
        await trx
          .updateTable('phone_numbers')
          .set({ status: 'released', released_at: now(), auto_renew: false, next_billing_date: null, updated_at: now() })
          .where('organization_id', '=', organizationId)
          .where('id', '=', item.phone_number_id)
          .where('status', '=', 'purchase_pending')
          .execute();
      }
      await trx
        .updateTable('number_order_items')
        .set({ status: 'failed', error_code: code, error_detail: detail, updated_at: now() })
        .where('organization_id', '=', organizationId)
        .where('id', '=', item.id)
        .execute();
    });
  }

  async finish(organizationId: string, orderId: string, status: string, completedAt: Date | null): Promise<void> {
    await this.db
      .updateTable('number_orders')
      .set({ status, completed_at: completedAt, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', orderId)
      .execute();
  }

  /** Across organizations, for the reconciler: orders still pending since before a moment. */
  async stalePending(createdBefore: Date, limit: number): Promise<NumberOrderRow[]> {
    return this.db
      .selectFrom('number_orders')
      .selectAll()
      .where('status', '=', 'pending')
      .where('created_at', '<', createdBefore)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /** How a bought number is known at its carrier: the account and the carrier's id. */
  async carrierRefOf(
    organizationId: string,
    phoneNumberId: string,
  ): Promise<{ carrier_account_id: string | null; carrier_number_id: string | null } | undefined> {
    return this.db
      .selectFrom('number_order_items as i')
      .innerJoin('number_orders as o', 'o.id', 'i.order_id')
      .select(['o.carrier_account_id', 'i.carrier_number_id'])
      .where('i.organization_id', '=', organizationId)
      .where('i.phone_number_id', '=', phoneNumberId)
      .where('i.status', '=', 'purchased')
      .executeTakeFirst();
  }
}
