import { Type } from 'typebox';
import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { MembershipIdParams } from '../number-groups.schemas.js';

export const numberGroupMembershipsDelete = defineOperation({
  name: 'number_group_memberships.delete',
  method: 'DELETE',
  path: '/v1/number-group-memberships/:id',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Remove a number from a group',
  description: 'The number itself does not change. Recorded in the audit log.',
  tags: ['Number groups'],
  schema: { params: MembershipIdParams, response: { 204: Type.Null({ description: 'Removed.' }), ...problems(400, 401, 403, 404) } },
  handler: async (request, { numberGroups }) => {
    await numberGroups.removeMember(principalOf(request).organizationId, request.params.id);
    return answer(204, null);
  },
});
