import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { EventIdParams, QueuedSchema, RedeliverBody } from '../webhooks.schemas.js';

export const eventsRedeliver = defineOperation({
  name: 'events.redeliver',
  method: 'POST',
  path: '/v1/events/:id/redeliver',
  access: { scopes: ['webhooks:write'] },
  summary: 'Send an event to webhook endpoints again',
  description:
    'Queues the event again, due now, with a fresh retry schedule: to the endpoint given, or to every enabled endpoint it was queued for.',
  tags: ['Webhooks'],
  schema: { params: EventIdParams, body: RedeliverBody, response: { 202: QueuedSchema, ...problems(400, 401, 403, 404, 409) } },
  handler: async (request, { webhookDeliveries }) => {
    const queued = await webhookDeliveries.redeliver(principalOf(request).organizationId, request.params.id, request.body.endpoint_id);
    return answer(202, { object: 'redelivery' as const, queued });
  },
});
