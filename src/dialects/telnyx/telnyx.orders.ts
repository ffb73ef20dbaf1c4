import type { SearchInput } from '../../carriers/available-numbers.service.js';
import type { AvailableNumber } from '../../carriers/carrier.js';
import type { OrderWithItems } from '../../orders/orders.repo.js';
import { errors } from '../../errors/catalogue.js';
import type { AvailableQuery } from './telnyx.schemas.js';

/** Telnyx shapes of number search and number orders. */

const SEARCHABLE = new Set(['local', 'toll_free', 'mobile']);

export function toSearchInput(q: AvailableQuery): SearchInput {
  const f = q.filter ?? {};
  if (f.phone_number_type && !SEARCHABLE.has(f.phone_number_type)) {
    throw errors.validation(`Numbers of type ${f.phone_number_type} cannot be searched; use local, toll_free or mobile.`, {
      parameter: 'filter[phone_number_type]',
    });
  }
  const features = typeof f.features === 'string' ? f.features.split(',') : (f.features ?? []);
  return {
    country: f.country_code ?? 'US',
    number_type: (f.phone_number_type as SearchInput['number_type']) ?? 'local',
    area_code: f.national_destination_code,
    starts_with: f.phone_number?.starts_with,
    contains: f.phone_number?.contains,
    ends_with: f.phone_number?.ends_with,
    region: f.administrative_area,
    city: f.locality,
    capabilities: features.filter((name): name is 'voice' | 'sms' | 'mms' | 'fax' => ['voice', 'sms', 'mms', 'fax'].includes(name)),
    limit: f.limit ?? 50,
  };
}

export function toTelnyxAvailable(n: AvailableNumber) {
  const regions = [
    { region_type: 'country_code', region_name: n.country },
    ...(n.region ? [{ region_type: 'state', region_name: n.region }] : []),
    ...(n.city ? [{ region_type: 'location', region_name: n.city }] : []),
  ];
  const cost = Object.fromEntries(
    Object.entries({ monthly_cost: n.monthly_cost, upfront_cost: n.upfront_cost, currency: n.currency }).filter(([, v]) => v !== null),
  );
  return {
    record_type: 'available_phone_number',
    phone_number: n.number,
    best_effort: false,
    quickship: true,
    reservable: false,
    cost_information: cost,
    features: n.capabilities.map((name) => ({ name })),
    region_information: regions,
  };
}

const ORDER_STATUS: Record<string, string> = { pending: 'pending', complete: 'success', partial: 'success', failed: 'failure' };
const ITEM_STATUS: Record<string, string> = { pending: 'pending', claimed: 'pending', purchased: 'success', failed: 'failure' };

export function toNumberOrder(order: OrderWithItems) {
  return {
    id: order.id,
    record_type: 'number_order',
    status: ORDER_STATUS[order.status] ?? 'pending',
    phone_numbers_count: order.items.length,
    phone_numbers: order.items.map((item) => ({
      id: item.id,
      record_type: 'number_order_phone_number',
      phone_number: item.number,
      status: ITEM_STATUS[item.status] ?? 'pending',
      requirements_met: true,
      requirements_status: 'approved',
    })),
    ...(order.customer_reference ? { customer_reference: order.customer_reference } : {}),
    requirements_met: true,
    sub_number_orders_ids: [],
    created_at: order.created_at.toISOString(),
    updated_at: order.updated_at.toISOString(),
  };
}
