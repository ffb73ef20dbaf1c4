import { defineOperation } from '../../http/operation.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { OrganizationSchema, ORGS_PAGE_SIZE, OrgsPageQuery, toOrganization } from '../orgs.schemas.js';

export const orgsList = defineOperation({
  name: 'orgs.list',
  method: 'GET',
  path: '/v1/organizations',
  access: 'operator',
  summary: 'List organizations',
  description: 'Every organization, newest first.',
  tags: ['Operator'],
  schema: {
    querystring: OrgsPageQuery,
    response: { 200: CursorPage(OrganizationSchema, 'Organizations, newest first.'), ...problems(400, 401, 403) },
  },
  handler: async (request, { orgs, cursors }) =>
    pageNewestFirst(cursors, request.query, ORGS_PAGE_SIZE, (limit, after) => orgs.list(limit, after), toOrganization),
});
