/** A bulk job's vocabulary: what it does to each number, and the states of the job and its items. */

/** update_emergency: turn emergency calling on (with its address) or off, as Telnyx's emergency-settings jobs do. */
export const BULK_ACTIONS = ['update', 'update_emergency', 'assign', 'unassign', 'release'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** queued: no item worked yet; running; then completed (some item succeeded, or none to do), failed (every item failed) or canceled. */
export const BULK_JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'canceled'] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

export const BULK_ITEM_OUTCOMES = ['pending', 'succeeded', 'failed', 'canceled'] as const;
export type BulkItemOutcome = (typeof BULK_ITEM_OUTCOMES)[number];

/** A job still to be worked: its pending items are claimed by the workers. */
export const ACTIVE_STATUSES: readonly BulkJobStatus[] = ['queued', 'running'];

/** Numbers a job may name by id or number; a filter may match more. */
export const MAX_LISTED_TARGETS = 10_000;
/** Jobs of at most this many numbers may run while their request waits (?wait=true). */
export const MAX_WAITED_TARGETS = 100;
