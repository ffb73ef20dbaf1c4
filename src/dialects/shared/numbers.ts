import { AppError, errors } from '../../errors/catalogue.js';
import type { PhoneNumberRecord } from '../../numbers/phone-number.js';
import type { DialectServices } from '../dialect.js';

/** Number operations several dialects share, over the shared services. */

/** Provider surfaces show only held numbers: to their clients a released number is gone. */
export function held(record: PhoneNumberRecord, id: string): PhoneNumberRecord {
  if (record.status === 'released') throw errors.notFound('phone number', id);
  return record;
}

/** Why an order item was not bought, as a catalogue error. */
function purchaseError(item: { number: string; error_code: string | null; error_detail: string | null }): AppError {
  const detail = item.error_detail ?? `${item.number} could not be bought.`;
  if (item.error_code === 'number_unavailable') return new AppError('number_unavailable', 'Number unavailable', detail);
  if (item.error_code === 'carrier_rejected') return new AppError('carrier_rejected', 'Carrier rejected the request', detail);
  if (item.error_code === 'invalid_phone_number') return errors.invalidPhoneNumber(detail);
  return new AppError('carrier_unavailable', 'Carrier unavailable', detail);
}

/**
 * Buys one number through an order, for the surfaces whose clients buy one number per call;
 * the number as held now (purchase_pending while the carrier's answer is still unknown).
 */
export async function purchaseOne(services: DialectServices, organizationId: string, number: string): Promise<PhoneNumberRecord> {
  const { order } = await services.orders.place(organizationId, { numbers: [number] });
  const item = order.items[0];
  if (!item?.phone_number_id || item.status === 'failed') throw purchaseError(item ?? { number, error_code: null, error_detail: null });
  return services.numbers.get(organizationId, item.phone_number_id);
}
