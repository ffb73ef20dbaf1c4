import type { HistoryRetentionRepo } from './history-retention.repo.js';

/** Rows one statement deletes: short enough that no statement holds locks or the log for long. */
const BATCH = 5_000;
/** Statements per table in one run; what is left waits for the next run, an hour later. */
const MAX_BATCHES_PER_RUN = 40;
const DAY_MS = 86_400_000;

export interface RetentionSettings {
  eventRetentionDays: number;
  auditRetentionDays: number;
}

/**
 * Keeps events and audit records for as long as the configuration says, then deletes them,
 * for every organization alike. Run by a housekeeping job; each run is bounded, so a backlog
 * (a retention shortened, a server long stopped) is worked off over several runs.
 */
export class HistoryRetentionService {
  constructor(
    private readonly repo: HistoryRetentionRepo,
    private readonly settings: RetentionSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async prune(): Promise<{ deletedEvents: number; deletedAuditRecords: number }> {
    const now = this.clock().getTime();
    const eventCutoff = new Date(now - this.settings.eventRetentionDays * DAY_MS);
    const auditCutoff = new Date(now - this.settings.auditRetentionDays * DAY_MS);
    return {
      deletedEvents: await inBatches((limit) => this.repo.deleteEventsBefore(eventCutoff, limit)),
      deletedAuditRecords: await inBatches((limit) => this.repo.deleteAuditRecordsBefore(auditCutoff, limit)),
    };
  }
}

/** Repeats a bounded delete until it deletes less than a batch, or the run's share is done. */
async function inBatches(deleteUpTo: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const deleted = await deleteUpTo(BATCH);
    total += deleted;
    if (deleted < BATCH) break;
  }
  return total;
}
