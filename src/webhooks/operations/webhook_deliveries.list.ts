import { principalOf } from '../../auth/auth.hooks.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { DeliveriesPageQuery, DeliverySchema, EndpointIdParams, toDeliveryResource, WEBHOOKS_PAGE_SIZE } from '../webhooks.schemas.js';

export const webhookDeliveriesList = defineOperation({
  name: 'webhook_deliveries.list',
  method: 'GET',
  path: '/v1/webhook-endpoints/:id/deliveries',
  access: { scopes: ['webhooks:read'] },
  summary: "List a webhook endpoint's deliveries",
  description: 'Newest first, each with its attempts.',
  tags: ['Webhooks'],
  schema: {
    params: EndpointIdParams,
    querystring: DeliveriesPageQuery,
    response: { 200: CursorPage(DeliverySchema, 'Deliveries, newest first.'), ...problems(400, 401, 403, 404) },
  },
  handler: async (request, { webhookDeliveries, cursors }) => {
    const organizationId = principalOf(request).organizationId;
    const { id } = request.params;
    return pageNewestFirst(
      cursors,
      request.query,
      WEBHOOKS_PAGE_SIZE,
      (limit, after) => webhookDeliveries.listForEndpoint(organizationId, id, request.query.status, limit, after),
      (delivery) => toDeliveryResource(delivery, delivery.attemptRows),
    );
  },
});
