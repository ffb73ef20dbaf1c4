import type { Kysely } from 'kysely';
import type { BulkJobRow, Database } from '../db/schema.js';
import { ACTIVE_STATUSES } from './bulk-job.js';

/**
 * SQL about bulk jobs across organizations, for the workers every serving process runs: the
 * jobs with work left, oldest first. Their items are then claimed and settled through the
 * job's organization's BulkRepo.
 */
export class BulkPlatformRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Queued and running jobs of every organization, oldest first. */
  async activeJobs(limit: number): Promise<BulkJobRow[]> {
    return this.db
      .selectFrom('bulk_jobs')
      .selectAll()
      .where('status', 'in', [...ACTIVE_STATUSES])
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }
}
