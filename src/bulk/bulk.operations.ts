import type { Operation } from '../http/operation.js';
import { bulkJobsCancel } from './operations/bulk_jobs.cancel.js';
import { bulkJobsCreate } from './operations/bulk_jobs.create.js';
import { bulkJobsGet } from './operations/bulk_jobs.get.js';
import { bulkJobsItems } from './operations/bulk_jobs.items.js';
import { bulkJobsList } from './operations/bulk_jobs.list.js';
import { bulkJobsRetryFailed } from './operations/bulk_jobs.retry_failed.js';

/** The bulk-job operations, in the order the OpenAPI document lists them. */
export const BULK_OPERATIONS: readonly Operation[] = [bulkJobsCreate, bulkJobsList, bulkJobsGet, bulkJobsItems, bulkJobsCancel, bulkJobsRetryFailed];
