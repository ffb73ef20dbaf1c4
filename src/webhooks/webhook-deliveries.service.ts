import type { CreatedCursor } from '../db/created-order.js';
import type { WebhookAttemptRow, WebhookDeliveryRow } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';
import type { DeliveryStatus, WebhookDeliveriesRepo } from './webhook-deliveries.repo.js';
import type { WebhookEndpointsRepo } from './webhook-endpoints.repo.js';

/** A delivery with its attempts, as the lists show it. */
export type DeliveryWithAttempts = WebhookDeliveryRow & { attemptRows: WebhookAttemptRow[] };

/** What was sent where, and sending again: redelivery of one event, recovery of an endpoint's failures. */
export class WebhookDeliveriesService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepo,
    private readonly deliveries: WebhookDeliveriesRepo,
  ) {}

  async listForEndpoint(
    organizationId: string,
    endpointId: string,
    status: DeliveryStatus | undefined,
    limit: number,
    after?: CreatedCursor,
  ): Promise<DeliveryWithAttempts[]> {
    await this.requireEndpoint(organizationId, endpointId);
    return withAttempts(this.deliveries, organizationId, await this.deliveries.listForEndpoint(organizationId, endpointId, status, limit, after));
  }

  async listForEvent(organizationId: string, eventId: string, limit: number, after?: CreatedCursor): Promise<DeliveryWithAttempts[]> {
    await this.requireEvent(organizationId, eventId);
    return withAttempts(this.deliveries, organizationId, await this.deliveries.listForEvent(organizationId, eventId, limit, after));
  }

  /**
   * Sends the event again, from a fresh round of the retry schedule: to the endpoint given (an
   * enabled one), or to every enabled endpoint it was queued for. Answers how many were queued.
   */
  async redeliver(organizationId: string, eventId: string, endpointId?: string): Promise<number> {
    await this.requireEvent(organizationId, eventId);
    if (endpointId === undefined) return this.deliveries.requeueForEvent(organizationId, eventId);
    await this.requireEnabledEndpoint(organizationId, endpointId);
    return this.deliveries.requeueForEndpoint(organizationId, eventId, endpointId);
  }

  /** Queues again every failed delivery of an (enabled) endpoint queued since then: after an outage of the receiver. */
  async recover(organizationId: string, endpointId: string, since: Date): Promise<number> {
    await this.requireEnabledEndpoint(organizationId, endpointId);
    return this.deliveries.requeueFailedSince(organizationId, endpointId, since);
  }

  private async requireEndpoint(organizationId: string, endpointId: string) {
    const endpoint = isUuid(endpointId) ? await this.endpoints.get(organizationId, endpointId) : undefined;
    if (!endpoint) throw errors.notFound('webhook endpoint', endpointId);
    return endpoint;
  }

  /** A disabled endpoint is sent nothing, so nothing is queued for it (it would fail at once). */
  private async requireEnabledEndpoint(organizationId: string, endpointId: string): Promise<void> {
    if (!(await this.requireEndpoint(organizationId, endpointId)).enabled) throw errors.webhookEndpointDisabled(endpointId);
  }

  private async requireEvent(organizationId: string, eventId: string): Promise<void> {
    if (!isUuid(eventId) || !(await this.deliveries.findEvent(organizationId, eventId))) throw errors.notFound('event', eventId);
  }
}

async function withAttempts(repo: WebhookDeliveriesRepo, organizationId: string, rows: WebhookDeliveryRow[]): Promise<DeliveryWithAttempts[]> {
  const attempts = await repo.attemptsOf(organizationId, rows.map((row) => row.id));
  return rows.map((row) => ({ ...row, attemptRows: attempts.filter((attempt) => attempt.delivery_id === row.id) }));
}
