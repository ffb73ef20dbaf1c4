import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Updateable } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database, NumberOrderItemRow, NumberOrderItemsTable, NumberOrderRow } from '../db/schema.js';
import { violatesUnique } from '../db/db-errors.js';
import type { OrderFilters, OrderStatus } from './order.js';
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

/** A number of an order: the number, in E.164, and its country. */
export interface OrderedNumber {
  number: string;
  country: string;
}

/** Every filter of a list of orders as one condition, always inside one organization. */
function orderConditions(eb: ExpressionBuilder<Database, 'number_orders'>, organizationId: string, f: OrderFilters): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [eb('organization_id', '=', organizationId)];
  if (f.status) c.push(f.status.length ? eb('status', 'in', f.status) : sql<SqlBool>`false`);
  if (f.createdAfter) c.push(eb('created_at', '>', f.createdAfter));
  if (f.createdBefore) c.push(eb('created_at', '<', f.createdBefore));
  if (f.customerReference !== undefined) c.push(eb('customer_reference', '=', f.customerReference));
  if (f.numberCount !== undefined) {
    c.push(
      sql<SqlBool>`(SELECT count(*) FROM number_order_items AS i
        WHERE i.organization_id = number_orders.organization_id AND i.order_id = number_orders.id) = ${f.numberCount}`,
    );
  }
  return eb.and(c);
}

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
  async create(order: NewOrder, numbers: readonly OrderedNumber[]): Promise<OrderWithItems | undefined> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('number_orders').values({ ...order, status: 'pending' }).returningAll().executeTakeFirstOrThrow();
        const items = await trx
          .insertInto('number_order_items')
          .values(
            numbers.map(({ number, country }, position) => ({ organization_id: order.organization_id, order_id: row.id, position, number, country, status: 'pending' })),
          )
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
  async list(organizationId: string, limit: number, position: { after?: CreatedCursor } = {}): Promise<OrderWithItems[]> {
    let query = this.db
      .selectFrom('number_orders')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy(NEWEST_FIRST)
      .limit(limit);
    if (position.after) query = query.where(createdBefore(position.after));
    return this.withItemsOfAll(organizationId, await query.execute());
  }

  /** A page of the orders the filters match, newest first, offset orders in, and how many match in all. */
  async page(organizationId: string, filters: OrderFilters, offset: number, limit: number): Promise<{ rows: OrderWithItems[]; total: number }> {
    const rows = await this.db
      .selectFrom('number_orders')
      .selectAll()
      .where((eb) => orderConditions(eb, organizationId, filters))
      .orderBy(NEWEST_FIRST)
      .limit(limit)
      .offset(offset)
      .execute();
    const counted = await this.db
      .selectFrom('number_orders')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where((eb) => orderConditions(eb, organizationId, filters))
      .executeTakeFirstOrThrow();
    return { rows: await this.withItemsOfAll(organizationId, rows), total: Number(counted.total) };
  }

  /** The orders with their items, read in one query. */
  private async withItemsOfAll(organizationId: string, rows: NumberOrderRow[]): Promise<OrderWithItems[]> {
    if (!rows.length) return [];
    const items = await this.db
      .selectFrom('number_order_items')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where(
        'order_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('order_id')
      .orderBy('position')
      .execute();
    const byOrder = new Map<string, NumberOrderItemRow[]>(rows.map((row) => [row.id, []]));
    for (const item of items) byOrder.get(item.order_id)!.push(item);
    return rows.map((row) => ({ ...row, items: byOrder.get(row.id)! }));
  }

  /**
   * Sets the order's customer reference; the order as it was, or undefined when there is none.
   * The reference it has already is no change: nothing is written (updated_at stays).
   */
  async setCustomerReference(organizationId: string, id: string, reference: string | null): Promise<NumberOrderRow | undefined> {
    if (!isUuid(id)) return undefined;
    const before = await this.db
      .selectFrom('number_orders')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before || before.customer_reference === reference) return before;
    await this.db
      .updateTable('number_orders')
      .set({ customer_reference: reference, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
    return before;
  }

  /** A page of the organization's ordered numbers, newest first (of one country if given), and how many there are. */
  async itemPage(organizationId: string, filters: { country?: string }, offset: number, limit: number): Promise<{ rows: NumberOrderItemRow[]; total: number }> {
    let query = this.db.selectFrom('number_order_items').where('organization_id', '=', organizationId);
    if (filters.country !== undefined) query = query.where('country', '=', filters.country);
    const rows = await query
      .selectAll()
      .orderBy(sql`created_at desc, order_id desc, position`)
      .limit(limit)
      .offset(offset)
      .execute();
    const counted = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { rows, total: Number(counted.total) };
  }

  async findItem(organizationId: string, id: string): Promise<NumberOrderItemRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db
      .selectFrom('number_order_items')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
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
