import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { EndpointIdParams, NewSecretEndpointSchema, RotateSecretBody, toEndpointResource } from '../webhooks.schemas.js';

const DEFAULT_GRACE_SECONDS = 86_400;

export const webhookEndpointsRotateSecret = defineOperation({
  name: 'webhook_endpoints.rotate_secret',
  method: 'POST',
  path: '/v1/webhook-endpoints/:id/rotate-secret',
  access: { scopes: ['webhooks:write'] },
  summary: "Rotate a webhook endpoint's signing secret",
  description:
    'A new secret, shown in this answer only. Until the grace period ends, deliveries carry a signature by each secret ' +
    '(space separated in webhook-signature), so receivers can switch without losing a delivery.',
  tags: ['Webhooks'],
  schema: { params: EndpointIdParams, body: RotateSecretBody, response: { 200: NewSecretEndpointSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { webhookEndpoints }) => {
    const grace = request.body.grace_period_seconds ?? DEFAULT_GRACE_SECONDS;
    const { endpoint, secret } = await webhookEndpoints.rotateSecret(principalOf(request).organizationId, request.params.id, grace);
    return { ...toEndpointResource(endpoint), secret };
  },
});
