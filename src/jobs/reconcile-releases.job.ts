import type { ReleasesService } from '../releases/releases.service.js';
import { EVERY_MINUTE_MS, type Job } from './job.js';

/** Finishes releases a crash or a silent carrier left pending. Safe with several processes on one database. */
export const reconcileReleasesJob = (releases: ReleasesService): Job => ({
  name: 'releases.reconcile',
  intervalMs: EVERY_MINUTE_MS,
  run: async () => ({ settledReleases: await releases.reconcile() }),
  backlog: () => releases.backlog(),
});
