import { AppError, errors } from '../../errors/catalogue.js';
import type { ListPage } from '../../numbers/list-query.js';
import type { ListOptions, NumbersService } from '../../numbers/numbers.service.js';
import type { PhoneNumberRecord } from '../../numbers/phone-number.js';
import type { DialectServices } from '../dialect.js';
import { withDetails } from './mount.js';

/** Number operations several dialects share, over the shared services. */

/** Why an order item was not bought, as a catalogue error. */
function purchaseError(item: { number: string; error_code: string | null; error_detail: string | null }): AppError {
  const detail = item.error_detail ?? `${item.number} could not be bought.`;
  if (item.error_code === 'number_unavailable') return new AppError('number_unavailable', 'Number unavailable', detail);
  if (item.error_code === 'carrier_rejected') return new AppError('carrier_rejected', 'Carrier rejected the request', detail);
  if (item.error_code === 'invalid_phone_number') return errors.invalidPhoneNumber(detail);
  if (item.error_code === 'egress_refused') return new AppError('egress_refused', 'Destination refused', detail);
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

/** A page of the list; a continuation token the list refuses is named as the dialect's clients send it. */
export async function listPage(
  numbers: NumbersService,
  organizationId: string,
  options: ListOptions,
  tokenParameter: string,
): Promise<ListPage<PhoneNumberRecord>> {
  try {
    return await numbers.list(organizationId, options);
  } catch (error) {
    if (error instanceof AppError && error.details.parameter === 'cursor') throw withDetails(error, { parameter: tokenParameter });
    throw error;
  }
}
