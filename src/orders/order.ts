/**
 * The vocabulary of an order, shared by the database's table types, the service and the
 * schemas. It imports nothing.
 */
export const ORDER_STATUSES = ['pending', 'complete', 'partial', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An item: waiting, its number claimed (purchase_pending), bought, or not bought. */
export const ORDER_ITEM_STATUSES = ['pending', 'claimed', 'purchased', 'failed'] as const;
export type OrderItemStatus = (typeof ORDER_ITEM_STATUSES)[number];

/** What a list of orders can be narrowed by. */
export interface OrderFilters {
  status?: OrderStatus[];
  /** Created strictly after, strictly before. */
  createdAfter?: Date;
  createdBefore?: Date;
  /** Orders of exactly this many numbers. */
  numberCount?: number;
  customerReference?: string;
}
