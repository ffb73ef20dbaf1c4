import { Type } from 'typebox';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { OrganizationSchema, toOrganization } from '../orgs.schemas.js';

export const orgsCreate = defineOperation({
  name: 'orgs.create',
  method: 'POST',
  path: '/v1/organizations',
  access: 'operator',
  summary: 'Create an organization',
  tags: ['Operator'],
  schema: {
    body: Type.Object(
      { name: Type.String({ minLength: 1, maxLength: 200, description: 'Its name.', example: 'Acme Voice' }) },
      { additionalProperties: false },
    ),
    response: { 201: OrganizationSchema, ...problems(400, 401, 403) },
  },
  handler: async (request, { orgs }) => answer(201, toOrganization(await orgs.create(request.body.name))),
});
