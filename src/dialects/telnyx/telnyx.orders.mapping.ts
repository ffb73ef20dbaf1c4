import type { NumberOrderItemRow } from '../../db/schema.js';
import { errors } from '../../errors/catalogue.js';
import { parsePhoneNumber } from '../../numbers/e164.js';
import type { NumberType } from '../../numbers/phone-number.js';
import type { OrderFilters, OrderStatus } from '../../orders/order.js';
import type { OrderWithItems } from '../../orders/orders.repo.js';
import type { NumberOrderListQuery } from './telnyx.orders.schemas.js';

/** Telnyx shapes of number orders and their numbers, and Telnyx's order filters as Dialtone's. */

const ORDER_STATUS: Record<OrderStatus, 'pending' | 'success' | 'failure'> = { pending: 'pending', complete: 'success', partial: 'success', failed: 'failure' };
const ITEM_STATUS: Record<string, string> = { pending: 'pending', claimed: 'pending', purchased: 'success', failed: 'failure' };

/** Each Telnyx order status as the Dialtone statuses it stands for. */
const STATUS_IN: Record<'pending' | 'success' | 'failure', OrderStatus[]> = { pending: ['pending'], success: ['complete', 'partial'], failure: ['failed'] };

/** Telnyx's types of an ordered number; a VoIP number is a national one there. */
const TYPE_OUT: Record<NumberType, 'local' | 'toll_free' | 'mobile' | 'national' | 'shared_cost'> = {
  local: 'local',
  mobile: 'mobile',
  toll_free: 'toll_free',
  national: 'national',
  shared_cost: 'shared_cost',
  premium_rate: 'national',
  voip: 'national',
};

/** An ordered number's country and type: its country as kept, its type from the numbering plan. */
function numberFacts(item: NumberOrderItemRow) {
  const parsed = parsePhoneNumber(item.number);
  return { country_code: item.country ?? parsed.country, phone_number_type: TYPE_OUT[parsed.number_type] };
}

/** What every ordered number says of requirements: Dialtone's carriers ask for none. */
const NO_REQUIREMENTS = { regulatory_requirements: [], requirements_met: true, requirements_status: 'approved' } as const;

export function toNumberOrder(order: OrderWithItems) {
  return {
    id: order.id,
    record_type: 'number_order',
    status: ORDER_STATUS[order.status],
    phone_numbers_count: order.items.length,
    phone_numbers: order.items.map((item) => {
      const facts = numberFacts(item);
      return {
        id: item.id,
        record_type: 'number_order_phone_number',
        phone_number: item.number,
        status: ITEM_STATUS[item.status] ?? 'pending',
        ...facts,
        country_iso_alpha2: facts.country_code,
        ...NO_REQUIREMENTS,
      };
    }),
    ...(order.customer_reference ? { customer_reference: order.customer_reference } : {}),
    requirements_met: true,
    sub_number_orders_ids: [],
    created_at: order.created_at.toISOString(),
    updated_at: order.updated_at.toISOString(),
  };
}

/** One number of an order, as /number_order_phone_numbers shows it. */
export function toOrderPhoneNumber(item: NumberOrderItemRow) {
  return {
    id: item.id,
    record_type: 'number_order_phone_number',
    phone_number: item.number,
    order_request_id: item.order_id,
    status: ITEM_STATUS[item.status] ?? 'pending',
    ...numberFacts(item),
    is_block_number: false,
    bundle_id: null,
    ...NO_REQUIREMENTS,
  };
}

/** Telnyx's order filters as Dialtone's; null when no order can match them (every order met its requirements). */
export function toOrderFilters(q: NumberOrderListQuery): OrderFilters | null {
  const f = q.filter ?? {};
  if (f.requirements_met === false) return null;
  const filters: OrderFilters = {};
  if (f.status) filters.status = STATUS_IN[f.status];
  if (f.created_at?.gt) filters.createdAfter = new Date(f.created_at.gt);
  if (f.created_at?.lt) filters.createdBefore = new Date(f.created_at.lt);
  if (f.phone_numbers_count !== undefined) filters.numberCount = Number(f.phone_numbers_count);
  if (f.customer_reference !== undefined) filters.customerReference = f.customer_reference;
  return filters;
}

/**
 * Values for regulatory requirements: none can be given, as no number Dialtone sells has one.
 * An empty list is no change.
 */
export function refuseRequirements(requirements: readonly { requirement_id?: string }[] | undefined): void {
  const first = requirements?.[0];
  if (!first) return;
  throw errors.validation(
    `Requirement ${first.requirement_id ?? '(no id)'} does not apply: the numbers Dialtone sells have no regulatory requirements, so there is nothing to fulfil.`,
    { pointer: '/regulatory_requirements/0/requirement_id' },
  );
}
