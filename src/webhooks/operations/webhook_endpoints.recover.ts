import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { EndpointIdParams, QueuedSchema, RecoverBody } from '../webhooks.schemas.js';

export const webhookEndpointsRecover = defineOperation({
  name: 'webhook_endpoints.recover',
  method: 'POST',
  path: '/v1/webhook-endpoints/:id/recover',
  access: { scopes: ['webhooks:write'] },
  summary: "Send a webhook endpoint's failed deliveries again",
  description: 'Every failed delivery queued since the time given is queued again, due now, with a fresh retry schedule.',
  tags: ['Webhooks'],
  schema: { params: EndpointIdParams, body: RecoverBody, response: { 200: QueuedSchema, ...problems(400, 401, 403, 404, 409) } },
  handler: async (request, { webhookDeliveries }) => {
    const queued = await webhookDeliveries.recover(principalOf(request).organizationId, request.params.id, new Date(request.body.since));
    return { object: 'redelivery' as const, queued };
  },
});
