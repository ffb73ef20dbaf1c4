import { principalOf } from '../../auth/auth.hooks.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { toEndpointResource, WebhookEndpointSchema, WEBHOOKS_PAGE_SIZE, WebhooksPageQuery } from '../webhooks.schemas.js';

export const webhookEndpointsList = defineOperation({
  name: 'webhook_endpoints.list',
  method: 'GET',
  path: '/v1/webhook-endpoints',
  access: { scopes: ['webhooks:read'] },
  summary: 'List webhook endpoints',
  description: 'Newest first. Signing secrets are never shown again.',
  tags: ['Webhooks'],
  schema: { querystring: WebhooksPageQuery, response: { 200: CursorPage(WebhookEndpointSchema, 'Endpoints, newest first.'), ...problems(400, 401, 403) } },
  handler: async (request, { webhookEndpoints, cursors }) => {
    const organizationId = principalOf(request).organizationId;
    return pageNewestFirst(cursors, request.query, WEBHOOKS_PAGE_SIZE, (limit, after) => webhookEndpoints.list(organizationId, limit, after), toEndpointResource);
  },
});
