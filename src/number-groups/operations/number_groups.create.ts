import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CreateNumberGroupBody, NumberGroupSchema, toGroupResource } from '../number-groups.schemas.js';

export const numberGroupsCreate = defineOperation({
  name: 'number_groups.create',
  method: 'POST',
  path: '/v1/number-groups',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Create a number group',
  description: 'A named group of your numbers, empty at first. Recorded in the audit log.',
  tags: ['Number groups'],
  schema: { body: CreateNumberGroupBody, response: { 201: NumberGroupSchema, ...problems(400, 401, 403) } },
  handler: async (request, { numberGroups }) =>
    answer(201, toGroupResource(await numberGroups.create(principalOf(request).organizationId, request.body))),
});
