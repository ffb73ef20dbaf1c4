import { errors } from '../../errors/catalogue.js';
import type { AvailableNumber, AvailableNumberQuery, CarrierAdapter, OwnedNumber, PurchaseOutcome } from '../carrier.js';
import { inventory, sandboxOffer } from './inventory.js';
import type { SandboxRepo } from './sandbox.repo.js';

export interface SandboxOptions {
  /** How long a bought-then-released number rests before it is offered again. */
  holdPeriodMs: number;
  clock: () => Date;
}

const ATTEMPTS_PER_RESULT = 40;
const MIN_ATTEMPTS = 400;

/**
 * The built-in carrier: no account, no network. Its inventory is generated (see
 * inventory.ts); what makes it realistic is that a number held anywhere on this platform,
 * or released within the hold period, is never offered or sold.
 */
export class SandboxCarrier implements CarrierAdapter {
  readonly name = 'sandbox' as const;
  readonly credentialFields = [] as const;
  readonly defaultBaseUrl = null;
  /** Built in: it never calls out. */
  readonly apiHosts = [] as const;
  readonly reserve = null;

  constructor(
    private readonly repo: SandboxRepo,
    private readonly options: SandboxOptions,
  ) {}

  private holdSince(): Date {
    return new Date(this.options.clock().getTime() - this.options.holdPeriodMs);
  }

  async search(_access: unknown, query: AvailableNumberQuery): Promise<AvailableNumber[]> {
    const results: AvailableNumber[] = [];
    const offers = inventory(query, Math.max(MIN_ATTEMPTS, query.limit * ATTEMPTS_PER_RESULT));
    let exhausted = false;
    while (results.length < query.limit && !exhausted) {
      const batch: AvailableNumber[] = [];
      const wanted = (query.limit - results.length) * 2 + 10;
      while (batch.length < wanted) {
        const next = offers.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        batch.push(next.value);
      }
      const taken = await this.repo.unavailable(batch.map((offer) => offer.number), this.holdSince());
      for (const offer of batch) if (!taken.has(offer.number) && results.length < query.limit) results.push(offer);
    }
    return results;
  }

  /** Called with the numbers already claimed in phone_numbers, so only the hold period is checked here. */
  async order(_access: unknown, numbers: readonly string[]): Promise<PurchaseOutcome[]> {
    const cooling = await this.repo.cooling(numbers, this.holdSince());
    return numbers.map((number): PurchaseOutcome => {
      const offer = sandboxOffer(number);
      if (!offer) return { number, status: 'failed', error: errors.numberUnavailable(number, 'the sandbox carrier does not sell it') };
      if (cooling.has(number)) {
        return { number, status: 'failed', error: errors.numberUnavailable(number, 'it was released recently and is in its hold period') };
      }
      const { monthly_cost, upfront_cost, currency } = offer;
      return {
        number,
        status: 'purchased',
        carrierNumberId: `sandbox:${number}`,
        price: { monthly_cost, upfront_cost, currency },
        capabilities: offer.capabilities,
      };
    });
  }

  /** A sandbox sale is recorded only in phone_numbers: a claimed number is the sandbox's own. */
  async findOwned(_access: unknown, number: string): Promise<OwnedNumber | null> {
    return sandboxOffer(number) ? { carrierNumberId: `sandbox:${number}` } : null;
  }

  /** Nothing to tell anyone: the hold period runs from the released_at Dialtone records. */
  async release(): Promise<void> {}
}
