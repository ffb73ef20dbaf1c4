import { defineOperation } from '../../http/operation.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { ApiKeySchema, OrgParams, ORGS_PAGE_SIZE, OrgsPageQuery, toApiKey } from '../orgs.schemas.js';

export const apiKeysList = defineOperation({
  name: 'api_keys.list',
  method: 'GET',
  path: '/v1/organizations/:id/api-keys',
  access: 'operator',
  summary: "List an organization's API keys",
  description: 'Newest first, revoked keys included. The keys themselves are never shown again: only their prefix.',
  tags: ['Operator'],
  schema: {
    params: OrgParams,
    querystring: OrgsPageQuery,
    response: { 200: CursorPage(ApiKeySchema, 'API keys, newest first.'), ...problems(400, 401, 403, 404) },
  },
  handler: async (request, { orgs, keys, cursors }) => {
    const org = await orgs.get(request.params.id);
    return pageNewestFirst(cursors, request.query, ORGS_PAGE_SIZE, (limit, after) => keys.list(org.id, limit, after), toApiKey);
  },
});
