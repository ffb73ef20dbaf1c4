import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { AddMemberBody, GroupIdParams, NumberGroupMembershipSchema, toMembershipResource } from '../number-groups.schemas.js';

export const numberGroupMembershipsCreate = defineOperation({
  name: 'number_group_memberships.create',
  method: 'POST',
  path: '/v1/number-groups/:id/memberships',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Add a number to a group',
  description:
    'One of your held numbers, by its id; a number of another organization, or a released one, is a 404, and one already in the group a 409. ' +
    'A change of the group, not of the number: recorded in the audit log, and no event of the number is sent.',
  tags: ['Number groups'],
  schema: { params: GroupIdParams, body: AddMemberBody, response: { 201: NumberGroupMembershipSchema, ...problems(400, 401, 403, 404, 409) } },
  handler: async (request, { numberGroups }) => {
    const membership = await numberGroups.addMember(principalOf(request).organizationId, request.params.id, request.body.phone_number_id);
    return answer(201, toMembershipResource(membership));
  },
});
