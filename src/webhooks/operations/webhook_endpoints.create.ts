import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CreateEndpointBody, NewSecretEndpointSchema, toEndpointResource } from '../webhooks.schemas.js';

export const webhookEndpointsCreate = defineOperation({
  name: 'webhook_endpoints.create',
  method: 'POST',
  path: '/v1/webhook-endpoints',
  access: { scopes: ['webhooks:write'] },
  summary: 'Create a webhook endpoint',
  description:
    'Events of the types listed are POSTed to the URL, signed per the Standard Webhooks spec. The signing secret is in this answer only. ' +
    'A URL the egress policy refuses whatever its name resolves to (a private address written out, plain http to a host not allowed) is refused with 422.',
  tags: ['Webhooks'],
  schema: { body: CreateEndpointBody, response: { 201: NewSecretEndpointSchema, ...problems(400, 401, 403, 422) } },
  handler: async (request, { webhookEndpoints }) => {
    const { endpoint, secret } = await webhookEndpoints.create(principalOf(request).organizationId, request.body);
    return answer(201, { ...toEndpointResource(endpoint), secret });
  },
});
