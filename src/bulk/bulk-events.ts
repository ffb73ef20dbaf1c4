import type { ChangeNote } from '../changes/journal.js';
import { toJobResource } from './bulk.schemas.js';
import type { BulkJob } from './bulk.service.js';

/** A job that ended (completed, failed or canceled) as its bulk_job.completed event tells it. */
export function bulkJobCompletedNote(job: BulkJob): ChangeNote {
  return {
    organizationId: job.organization_id,
    type: 'bulk_job.completed',
    resourceId: job.id,
    data: toJobResource(job),
    previousAttributes: { status: 'running', completed_at: null },
  };
}
