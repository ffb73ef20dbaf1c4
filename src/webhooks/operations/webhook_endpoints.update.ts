import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { EndpointIdParams, toEndpointResource, UpdateEndpointBody, WebhookEndpointSchema } from '../webhooks.schemas.js';

export const webhookEndpointsUpdate = defineOperation({
  name: 'webhook_endpoints.update',
  method: 'PATCH',
  path: '/v1/webhook-endpoints/:id',
  access: { scopes: ['webhooks:write'] },
  summary: 'Update a webhook endpoint',
  description:
    'Only the fields sent change. Enabling a disabled endpoint clears disabled_reason and failing_since; ' +
    'disabling one fails the deliveries it was still to be sent (recover queues them again).',
  tags: ['Webhooks'],
  schema: { params: EndpointIdParams, body: UpdateEndpointBody, response: { 200: WebhookEndpointSchema, ...problems(400, 401, 403, 404, 422) } },
  handler: async (request, { webhookEndpoints }) =>
    toEndpointResource(await webhookEndpoints.update(principalOf(request).organizationId, request.params.id, request.body)),
});
