import type { RenewalsService } from '../renewals/renewals.service.js';
import { EVERY_MINUTE_MS, type Job } from './job.js';

/** Renews (or releases) numbers whose paid month ended. Safe with several processes on one database. */
export const renewNumbersJob = (renewals: RenewalsService): Job => ({
  name: 'renewals.run',
  intervalMs: EVERY_MINUTE_MS,
  run: async () => ({ ...(await renewals.run()) }),
  backlog: () => renewals.backlog(),
});
