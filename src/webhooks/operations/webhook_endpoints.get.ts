import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { EndpointIdParams, toEndpointResource, WebhookEndpointSchema } from '../webhooks.schemas.js';

export const webhookEndpointsGet = defineOperation({
  name: 'webhook_endpoints.get',
  method: 'GET',
  path: '/v1/webhook-endpoints/:id',
  access: { scopes: ['webhooks:read'] },
  summary: 'Retrieve a webhook endpoint',
  tags: ['Webhooks'],
  schema: { params: EndpointIdParams, response: { 200: WebhookEndpointSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { webhookEndpoints }) =>
    toEndpointResource(await webhookEndpoints.get(principalOf(request).organizationId, request.params.id)),
});
