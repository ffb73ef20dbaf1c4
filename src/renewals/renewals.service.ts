import type { Backlog } from '../jobs/job.js';
import { noOutcomes, type Outcomes } from '../telemetry/outcomes.js';
import type { Logger } from 'pino';
import { AppError } from '../errors/catalogue.js';
import type { BillingRecordRow } from '../db/schema.js';
import type { BillingRepo } from '../billing/billing.repo.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import type { EventsRepo } from '../events/events.repo.js';
import type { NumbersRepo } from '../numbers/numbers.repo.js';
import type { NumbersService } from '../numbers/numbers.service.js';
import type { ReleasesService } from '../releases/releases.service.js';
import { periodEnd } from './billing-period.js';
import type { DueNumber, RenewalsPlatformRepo } from './renewals.platform.repo.js';

/** What a renewal writes together: the billed period and the number's next billing date. */
export interface RenewalRepos extends JournaledRepos {
  numbers: NumbersRepo;
  events: EventsRepo;
  billing: BillingRepo;
}

/** A period billed meanwhile by another process: the unit of work rolls back. */
class NumberMovedOn extends Error {}

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
    private readonly platform: RenewalsPlatformRepo,
    private readonly billing: BillingRepo,
    private readonly transact: Transact<RenewalRepos>,
    private readonly numbers: NumbersService,
    private readonly releases: ReleasesService,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly outcomes: Outcomes = noOutcomes,
  ) {}

  /** The numbers due for renewal now, and the earliest moment one came due. */
  backlog(now = this.clock()): Promise<Backlog> {
    return this.platform.dueBacklog(now);
  }

  async run(now = this.clock()): Promise<RenewalRun> {
    const totals: RenewalRun = { renewed: 0, released: 0, failed: 0 };
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.platform.due(now, BATCH)).filter((number) => !seen.has(number.id));
      if (!due.length) return totals;
      for (const number of due) {
        seen.add(number.id);
        try {
          if (number.auto_renew || number.deletion_lock_enabled) {
            const renewed = await this.renew(number, now);
            totals.renewed += renewed;
            if (renewed) this.outcomes.count('renewal', 'renewed');
          } else {
            const released = await this.release(number);
            totals.released += released;
            if (released) this.outcomes.count('renewal', 'released');
          }
        } catch (error) {
          totals.failed++;
          this.outcomes.count('renewal', 'failed');
          this.logger.warn({ err: error, phoneNumberId: number.id }, 'renewal failed; retried on the next run');
          await this.noteFailure(number, error).catch((noteError: unknown) =>
            this.logger.error({ err: noteError, phoneNumberId: number.id }, 'could not record a failed renewal'),
          );
        }
      }
    }
  }

  /** The number's paid periods, oldest first; not_found for another organization's number. */
  async billingRecords(organizationId: string, phoneNumberId: string): Promise<BillingRecordRow[]> {
    await this.numbers.getCurrent(organizationId, phoneNumberId);
    return this.billing.list(organizationId, phoneNumberId);
  }

  private async renew(number: DueNumber, now: Date): Promise<number> {
    const anchor = number.purchased_at ?? number.next_billing_date;
    let start = number.next_billing_date;
    let periods = 0;
    while (start.getTime() <= now.getTime() && periods < MAX_PERIODS_PER_RUN) {
      const end = periodEnd(start, anchor);
      const renewed = await this.renewPeriod(number, start, end);
      if (!renewed) break; // another process renewed it: it carries on from there
      periods++;
      start = end;
    }
    return periods;
  }

  /**
   * Bills one period and moves the number's next billing date past it, in one unit of work.
   * The billing record's unique (number, period start) and the compare-and-set on
   * next_billing_date make a period renew once however many processes try; false when
   * another one did it first.
   */
  private async renewPeriod(number: DueNumber, periodStart: Date, periodEnd: Date): Promise<boolean> {
    try {
      return await this.transact(async ({ numbers, billing }) => {
        const period = { organizationId: number.organization_id, phoneNumberId: number.id, periodStart, periodEnd };
        if (!(await billing.recordPeriod({ ...period, kind: 'renewal', amount: number.monthly_cost ?? '0', currency: number.currency }))) return false;
        if (!(await numbers.advanceBillingDate(number.organization_id, number.id, periodStart, periodEnd))) throw new NumberMovedOn();
        return true;
      });
    } catch (error) {
      if (error instanceof NumberMovedOn) return false;
      throw error;
    }
  }

  /**
   * A renewal that failed is told by an event and an audit record on the number, as it is now:
   * once while the number stays as it is, not at every run that fails again.
   */
  private async noteFailure(number: DueNumber, error: unknown): Promise<void> {
    const reason =
      error instanceof AppError
        ? { code: error.code, detail: error.detail }
        : { code: 'internal_error', detail: 'The renewal could not be completed; it is tried again on the next run.' };
    await this.transact(async ({ numbers, events }) => {
      const record = await numbers.findById(number.organization_id, number.id);
      if (!record || (await events.told(record.organization_id, record.id, 'phone_number.renewal_failed', record.version))) return;
      numbers.noteRenewalFailed(record, reason);
    });
  }

  private async release(number: DueNumber): Promise<number> {
    const released = await this.releases.release(number.organization_id, number.id);
    return released.status === 'released' ? 1 : 0;
  }
}
