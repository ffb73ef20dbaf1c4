import type { BulkService } from '../bulk/bulk.service.js';
import type { Job } from './job.js';

/**
 * Works bulk jobs, every second, in every serving process: items are claimed in batches with
 * SKIP LOCKED and a lease, so processes share a job; a batch done with more waiting runs the
 * next at once.
 */
export const bulkJobsJob = (bulk: BulkService): Job => ({
  name: 'bulk_jobs.work',
  intervalMs: 1000,
  run: () => bulk.work(),
});
