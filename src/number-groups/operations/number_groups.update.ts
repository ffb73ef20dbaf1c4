import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { GroupIdParams, NumberGroupSchema, toGroupResource, UpdateNumberGroupBody } from '../number-groups.schemas.js';

export const numberGroupsUpdate = defineOperation({
  name: 'number_groups.update',
  method: 'PATCH',
  path: '/v1/number-groups/:id',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Update a number group',
  description: 'Only the fields sent change. Recorded in the audit log.',
  tags: ['Number groups'],
  schema: { params: GroupIdParams, body: UpdateNumberGroupBody, response: { 200: NumberGroupSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { numberGroups }) =>
    toGroupResource(await numberGroups.update(principalOf(request).organizationId, request.params.id, request.body)),
});
