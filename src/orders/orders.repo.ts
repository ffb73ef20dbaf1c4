import { sql, type Kysely, type Updateable } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database, NumberOrderItemRow, NumberOrderItemsTable, NumberOrderRow } from '../db/schema.js';
import { violatesUnique } from '../db/db-errors.js';
import type { OrderStatus } from './order.js';
import { isUuid } from '../db/uuid.js';

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

const now = () => sql<Date>`now()` as unknown as Date;

function isIdempotencyConflict(error: unknown): boolean {
  return violatesUnique(error, 'number_orders_org_idempotency_key');
}

/**
 * SQL for number orders and their items. The numbers an order claims, activates or lets go
 * are written by NumbersRepo, in the same unit of work (OrdersService composes them).
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

  /**
   * Newest first; after is the (created_at, id) of the last order of the previous page, or
   * offset the orders to skip (for surfaces that page by number).
   */
  async list(organizationId: string, limit: number, position: { after?: CreatedCursor; offset?: number } = {}): Promise<OrderWithItems[]> {
    let query = this.db
      .selectFrom('number_orders')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy(NEWEST_FIRST)
      .limit(limit);
    if (position.after) query = query.where(createdBefore(position.after));
    if (position.offset) query = query.offset(position.offset);
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

  /** The item's number is held for it (purchase_pending). */
  async markClaimed(organizationId: string, itemId: string, phoneNumberId: string): Promise<void> {
    await this.setItem(organizationId, itemId, { status: 'claimed', phone_number_id: phoneNumberId });
  }

  /** The carrier sold the item's number. */
  async markPurchased(organizationId: string, itemId: string, carrierNumberId: string | null): Promise<void> {
    await this.setItem(organizationId, itemId, { status: 'purchased', carrier_number_id: carrierNumberId });
  }

  /** The item's number was not bought, and why. */
  async markFailed(organizationId: string, itemId: string, code: string, detail: string): Promise<void> {
    await this.setItem(organizationId, itemId, { status: 'failed', error_code: code, error_detail: detail });
  }

  private async setItem(organizationId: string, itemId: string, values: Updateable<NumberOrderItemsTable>): Promise<void> {
    await this.db
      .updateTable('number_order_items')
      .set({ ...values, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', itemId)
      .execute();
  }

  /** Settles a pending order; false when it was settled already (by another process). */
  async finish(organizationId: string, orderId: string, status: Exclude<OrderStatus, 'pending'>, completedAt: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('number_orders')
      .set({ status, completed_at: completedAt, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', orderId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
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
