import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { EndpointIdParams, TestEventSchema } from '../webhooks.schemas.js';

export const webhookEndpointsSendTest = defineOperation({
  name: 'webhook_endpoints.send_test',
  method: 'POST',
  path: '/v1/webhook-endpoints/:id/test',
  access: { scopes: ['webhooks:write'] },
  summary: 'Send a test event to a webhook endpoint',
  description: 'Writes a webhook_endpoint.test event, delivered to this endpoint only, whatever event types it subscribes to.',
  tags: ['Webhooks'],
  schema: { params: EndpointIdParams, response: { 202: TestEventSchema, ...problems(400, 401, 403, 404, 409) } },
  handler: async (request, { webhookEndpoints }) => {
    const eventId = await webhookEndpoints.sendTest(principalOf(request).organizationId, request.params.id);
    return answer(202, { object: 'event_reference' as const, event_id: eventId });
  },
});
