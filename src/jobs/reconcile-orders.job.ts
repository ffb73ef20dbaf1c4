import type { OrdersService } from '../orders/orders.service.js';
import { EVERY_MINUTE_MS, type Job } from './job.js';

/** Settles orders a crash left pending. Safe with several processes on one database. */
export const reconcileOrdersJob = (orders: OrdersService): Job => ({
  name: 'orders.reconcile',
  intervalMs: EVERY_MINUTE_MS,
  run: async () => ({ settledOrders: await orders.reconcile() }),
  backlog: () => orders.backlog(),
});
