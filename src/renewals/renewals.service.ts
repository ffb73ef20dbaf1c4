import type { Logger } from 'pino';
import type { BillingRecordRow } from '../db/schema.js';
import type { NumbersService } from '../numbers/numbers.service.js';
import { periodEnd } from './billing-period.js';
import type { DueNumber, RenewalsRepo } from './renewals.repo.js';

export interface RenewalRun {
  renewed: number;
  released: number;
  failed: number;
}

const BATCH = 200;
/** A number many months overdue catches up at most this many periods per run. */
const MAX_PERIODS_PER_RUN = 24;

/**
 * Renews numbers at the end of each paid month: auto_renew on (or a deletion lock, which
 * forbids letting the number go) bills the next month; auto_renew off releases the number
 * through its carrier. Safe to run from several processes at once.
 */
export class RenewalsService {
  constructor(
    private readonly repo: RenewalsRepo,
    private readonly numbers: NumbersService,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async run(now = this.clock()): Promise<RenewalRun> {
    const totals: RenewalRun = { renewed: 0, released: 0, failed: 0 };
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.repo.due(now, BATCH)).filter((number) => !seen.has(number.id));
      if (!due.length) return totals;
      for (const number of due) {
        seen.add(number.id);
        try {
          if (number.auto_renew || number.deletion_lock_enabled) totals.renewed += await this.renew(number, now);
          else totals.released += await this.release(number);
        } catch (error) {
          totals.failed++;
          this.logger.warn({ err: error, phoneNumberId: number.id }, 'renewal failed; retried on the next run');
        }
      }
    }
  }

  /** The number's paid periods, oldest first; not_found for another organization's number. */
  async billingRecords(organizationId: string, phoneNumberId: string): Promise<BillingRecordRow[]> {
    await this.numbers.get(organizationId, phoneNumberId);
    return this.repo.billingRecords(organizationId, phoneNumberId);
  }

  private async renew(number: DueNumber, now: Date): Promise<number> {
    const anchor = number.purchased_at ?? number.next_billing_date;
    let start = number.next_billing_date;
    let periods = 0;
    while (start.getTime() <= now.getTime() && periods < MAX_PERIODS_PER_RUN) {
      const end = periodEnd(start, anchor);
      const renewed = await this.repo.renew({
        organizationId: number.organization_id,
        phoneNumberId: number.id,
        periodStart: start,
        periodEnd: end,
        amount: number.monthly_cost ?? '0',
        currency: number.currency,
      });
      if (!renewed) break; // another process renewed it: it carries on from there
      periods++;
      start = end;
    }
    return periods;
  }

  private async release(number: DueNumber): Promise<number> {
    const released = await this.numbers.release(number.organization_id, number.id);
    return released.status === 'released' ? 1 : 0;
  }
}
