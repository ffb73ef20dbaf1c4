import { principalOf } from '../../auth/auth.hooks.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { DeliverySchema, EventIdParams, toDeliveryResource, WEBHOOKS_PAGE_SIZE, WebhooksPageQuery } from '../webhooks.schemas.js';

export const webhookDeliveriesListForEvent = defineOperation({
  name: 'webhook_deliveries.list_for_event',
  method: 'GET',
  path: '/v1/events/:id/deliveries',
  access: { scopes: ['webhooks:read'] },
  summary: "List an event's webhook deliveries",
  description: 'One per endpoint the event was queued for, each with its attempts.',
  tags: ['Webhooks'],
  schema: {
    params: EventIdParams,
    querystring: WebhooksPageQuery,
    response: { 200: CursorPage(DeliverySchema, 'Deliveries, newest first.'), ...problems(400, 401, 403, 404) },
  },
  handler: async (request, { webhookDeliveries, cursors }) => {
    const organizationId = principalOf(request).organizationId;
    return pageNewestFirst(
      cursors,
      request.query,
      WEBHOOKS_PAGE_SIZE,
      (limit, after) => webhookDeliveries.listForEvent(organizationId, request.params.id, limit, after),
      (delivery) => toDeliveryResource(delivery, delivery.attemptRows),
    );
  },
});
