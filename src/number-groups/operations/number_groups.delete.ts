import { Type } from 'typebox';
import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { GroupIdParams } from '../number-groups.schemas.js';

export const numberGroupsDelete = defineOperation({
  name: 'number_groups.delete',
  method: 'DELETE',
  path: '/v1/number-groups/:id',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Delete a number group',
  description: 'Its memberships go with it; the numbers stay as they are.',
  tags: ['Number groups'],
  schema: { params: GroupIdParams, response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404) } },
  handler: async (request, { numberGroups }) => {
    await numberGroups.delete(principalOf(request).organizationId, request.params.id);
    return answer(204, null);
  },
});
