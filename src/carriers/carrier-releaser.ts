import type { CarrierReleaser } from '../numbers/numbers.service.js';
import type { PhoneNumberRecord } from '../numbers/phone-number.js';
import type { OrdersRepo } from '../orders/orders.repo.js';
import type { CarrierAccountsService } from './carrier-accounts.service.js';
import { CarrierCallError } from './carrier-http.js';

/**
 * Releases bought numbers through the carrier account they were ordered with. Numbers
 * Dialtone did not buy (imported, ported) are the organization's business with its carrier.
 */
export class OrderedNumberReleaser implements CarrierReleaser {
  constructor(
    private readonly orders: OrdersRepo,
    private readonly accounts: CarrierAccountsService,
  ) {}

  async releaseAtCarrier(record: PhoneNumberRecord): Promise<void> {
    if (record.source !== 'purchased') return;
    const ref = await this.orders.carrierRefOf(record.organization_id, record.id);
    if (!ref) return;
    const { adapter, access } = await this.accounts.connect(record.organization_id, ref.carrier_account_id);
    try {
      await adapter.release(access, { number: record.number, carrierNumberId: ref.carrier_number_id });
    } catch (error) {
      throw error instanceof CarrierCallError ? error.appError : error;
    }
  }
}
