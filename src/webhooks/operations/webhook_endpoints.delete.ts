import { Type } from 'typebox';
import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { EndpointIdParams } from '../webhooks.schemas.js';

export const webhookEndpointsDelete = defineOperation({
  name: 'webhook_endpoints.delete',
  method: 'DELETE',
  path: '/v1/webhook-endpoints/:id',
  access: { scopes: ['webhooks:write'] },
  summary: 'Delete a webhook endpoint',
  description: 'Its deliveries and their attempts go with it; nothing more is sent to it.',
  tags: ['Webhooks'],
  schema: { params: EndpointIdParams, response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404) } },
  handler: async (request, { webhookEndpoints }) => {
    await webhookEndpoints.delete(principalOf(request).organizationId, request.params.id);
    return answer(204, null);
  },
});
