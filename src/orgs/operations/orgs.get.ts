import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { OrganizationSchema, OrgParams, toOrganization } from '../orgs.schemas.js';

export const orgsGet = defineOperation({
  name: 'orgs.get',
  method: 'GET',
  path: '/v1/organizations/:id',
  access: 'operator',
  summary: 'Retrieve an organization',
  tags: ['Operator'],
  schema: { params: OrgParams, response: { 200: OrganizationSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { orgs }) => toOrganization(await orgs.get(request.params.id)),
});
