import type { Services } from '../app.js';
import { deliverWebhooksJob } from './deliver-webhooks.job.js';
import type { Job } from './job.js';
import { bulkJobsJob } from './bulk-jobs.job.js';
import { pruneHistoryJob } from './prune-history.job.js';
import { reconcileOrdersJob } from './reconcile-orders.job.js';
import { reconcileReleasesJob } from './reconcile-releases.job.js';
import { renewNumbersJob } from './renew-numbers.job.js';

/** Every background job the server runs: adding one is a line here and a file beside it. */
export function backgroundJobs(services: Services): Job[] {
  return [
    reconcileOrdersJob(services.orders),
    reconcileReleasesJob(services.releases),
    renewNumbersJob(services.renewals),
    pruneHistoryJob(services.history),
    deliverWebhooksJob(services.webhookDispatcher),
    bulkJobsJob(services.bulk),
  ];
}
