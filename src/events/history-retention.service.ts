import type { HistoryRetentionRepo } from './history-retention.repo.js';

const DAY_MS = 86_400_000;

export interface RetentionSettings {
  eventRetentionDays: number;
  auditRetentionDays: number;
}

export interface RetentionBatches {
  /** Rows one statement deletes: few enough that no statement holds locks or fills the WAL for long. */
  size: number;
  /** Statements per table in one run; what is left waits for the next run. */
  perRun: number;
}

const DEFAULT_BATCHES: RetentionBatches = { size: 5_000, perRun: 40 };

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
    private readonly batches: RetentionBatches = DEFAULT_BATCHES,
  ) {}

  async prune(): Promise<{ deletedEvents: number; deletedAuditRecords: number }> {
    const now = this.clock().getTime();
    const eventCutoff = new Date(now - this.settings.eventRetentionDays * DAY_MS);
    const auditCutoff = new Date(now - this.settings.auditRetentionDays * DAY_MS);
    return {
      deletedEvents: await this.inBatches((limit) => this.repo.deleteEventsBefore(eventCutoff, limit)),
      deletedAuditRecords: await this.inBatches((limit) => this.repo.deleteAuditRecordsBefore(auditCutoff, limit)),
    };
  }

  /** Repeats a bounded delete until it deletes less than a batch, or the run's share is done. */
  private async inBatches(deleteUpTo: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < this.batches.perRun; batch++) {
      const deleted = await deleteUpTo(this.batches.size);
      total += deleted;
      if (deleted < this.batches.size) break;
    }
    return total;
  }
}
