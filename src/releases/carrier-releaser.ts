import type { CarrierReleaseOutcome, CarrierReleaser } from './releases.service.js';
import type { PhoneNumberRecord } from '../numbers/phone-number.js';
import type { OrdersRepo } from '../orders/orders.repo.js';
import type { CarrierAccountsService } from '../carriers/carrier-accounts.service.js';
import { CarrierCallError } from '../carriers/carrier-http.js';

const RELEASED: CarrierReleaseOutcome = { status: 'released' };

/**
 * Releases bought numbers through the carrier account they were ordered with. Numbers
 * Dialtone did not buy (imported, ported) are the organization's business with its carrier.
 */
export class OrderedNumberReleaser implements CarrierReleaser {
  constructor(
    private readonly orders: OrdersRepo,
    private readonly accounts: CarrierAccountsService,
  ) {}

  involvesCarrier(record: PhoneNumberRecord): boolean {
    return record.source === 'purchased';
  }

  /**
   * A carrier that answers no refuses; one that does not answer usefully (timeout, network,
   * 5xx, after the retries a DELETE is allowed) leaves the outcome unknown. An account that
   * cannot be opened throws: the carrier was not asked, and the release stays pending.
   */
  async releaseAtCarrier(record: PhoneNumberRecord): Promise<CarrierReleaseOutcome> {
    if (!this.involvesCarrier(record)) return RELEASED;
    const ref = await this.orders.carrierRefOf(record.organization_id, record.id);
    if (!ref) return RELEASED;
    const { adapter, access } = await this.accounts.connect(record.organization_id, ref.carrier_account_id);
    try {
      await adapter.release(access, { number: record.number, carrierNumberId: ref.carrier_number_id });
      return RELEASED;
    } catch (error) {
      if (!(error instanceof CarrierCallError)) throw error;
      return { status: error.ambiguous ? 'unknown' : 'refused', error: error.appError };
    }
  }
}
