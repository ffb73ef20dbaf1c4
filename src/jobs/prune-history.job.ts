import type { HistoryRetentionService } from '../events/history-retention.service.js';
import type { Job } from './job.js';

/** Retention is counted in days: an hourly run keeps the tables within an hour of it. */
const EVERY_HOUR_MS = 60 * 60_000;

/** Deletes events and audit records past their retention. Safe with several processes on one database. */
export const pruneHistoryJob = (history: HistoryRetentionService): Job => ({
  name: 'history.prune',
  intervalMs: EVERY_HOUR_MS,
  run: () => history.prune(),
});
