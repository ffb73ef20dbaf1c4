import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { GroupIdParams, NumberGroupSchema, toGroupResource } from '../number-groups.schemas.js';

export const numberGroupsGet = defineOperation({
  name: 'number_groups.get',
  method: 'GET',
  path: '/v1/number-groups/:id',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Retrieve a number group',
  tags: ['Number groups'],
  schema: { params: GroupIdParams, response: { 200: NumberGroupSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { numberGroups }) => toGroupResource(await numberGroups.get(principalOf(request).organizationId, request.params.id)),
});
