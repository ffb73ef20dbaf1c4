import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { GROUPS_PAGE_SIZE, GroupIdParams, MembersPageQuery, NumberGroupMembershipSchema, toListPage, toMembershipResource } from '../number-groups.schemas.js';

export const numberGroupMembershipsList = defineOperation({
  name: 'number_group_memberships.list',
  method: 'GET',
  path: '/v1/number-groups/:id/memberships',
  access: { scopes: ['phone_numbers:read'] },
  summary: "List a group's numbers",
  description: 'Newest membership first. A released number is in no group.',
  tags: ['Number groups'],
  schema: {
    params: GroupIdParams,
    querystring: MembersPageQuery,
    response: { 200: CursorPage(NumberGroupMembershipSchema, 'Memberships, newest first.'), ...problems(400, 401, 403, 404) },
  },
  handler: async (request, { numberGroups }) => {
    const { limit = GROUPS_PAGE_SIZE, cursor } = request.query;
    const page = await numberGroups.listMembers(principalOf(request).organizationId, request.params.id, { limit, ...(cursor ? { cursor } : {}) });
    return toListPage(page, toMembershipResource);
  },
});
