import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { GROUPS_PAGE_SIZE, GroupsPageQuery, NumberGroupSchema, toGroupResource, toListPage } from '../number-groups.schemas.js';

export const numberGroupsList = defineOperation({
  name: 'number_groups.list',
  method: 'GET',
  path: '/v1/number-groups',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'List number groups',
  description: 'Newest first.',
  tags: ['Number groups'],
  schema: { querystring: GroupsPageQuery, response: { 200: CursorPage(NumberGroupSchema, 'Groups, newest first.'), ...problems(400, 401, 403) } },
  handler: async (request, { numberGroups }) => {
    const { limit = GROUPS_PAGE_SIZE, cursor, name } = request.query;
    const page = await numberGroups.list(principalOf(request).organizationId, { limit, ...(cursor ? { cursor } : {}) }, name);
    return toListPage(page, toGroupResource);
  },
});
