import type { NumbersService } from '../numbers/numbers.service.js';
import { EVERY_MINUTE_MS, type Job } from './job.js';

/** Finishes releases a crash or a silent carrier left pending. Safe with several processes on one database. */
export const reconcileReleasesJob = (numbers: NumbersService): Job => ({
  name: 'releases.reconcile',
  intervalMs: EVERY_MINUTE_MS,
  run: async () => ({ settledReleases: await numbers.reconcileReleases() }),
});
