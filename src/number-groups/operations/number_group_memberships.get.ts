import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { MembershipIdParams, NumberGroupMembershipSchema, toMembershipResource } from '../number-groups.schemas.js';

export const numberGroupMembershipsGet = defineOperation({
  name: 'number_group_memberships.get',
  method: 'GET',
  path: '/v1/number-group-memberships/:id',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Retrieve a group membership',
  description: 'A membership of a number since released is not found.',
  tags: ['Number groups'],
  schema: { params: MembershipIdParams, response: { 200: NumberGroupMembershipSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { numberGroups }) =>
    toMembershipResource(await numberGroups.getMember(principalOf(request).organizationId, request.params.id)),
});
