import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import type { Job } from './job.js';

/**
 * Sends due webhook deliveries, every second, in every serving process: deliveries are claimed
 * with SKIP LOCKED and a lease, so processes share the work without sending one twice.
 */
export const deliverWebhooksJob = (dispatcher: WebhookDispatcher): Job => ({
  name: 'webhooks.deliver',
  intervalMs: 1000,
  run: async () => ({ ...(await dispatcher.deliverDue()) }),
  backlog: () => dispatcher.backlog(),
});
