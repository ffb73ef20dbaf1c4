import { principalOf } from '../../auth/auth.hooks.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { JobListQuerySchema, JobListSchema, toJobResource } from '../bulk.schemas.js';

export const bulkJobsList = defineOperation({
  name: 'bulk_jobs.list',
  method: 'GET',
  path: '/v1/phone-numbers/jobs',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'List bulk jobs',
  description: "The organization's bulk jobs, newest first, with their counts.",
  tags: ['Bulk jobs'],
  schema: { querystring: JobListQuerySchema, response: { 200: JobListSchema, ...problems(400, 401, 403) } },
  handler: async (request, { bulk, cursors }) => {
    const organizationId = principalOf(request).organizationId;
    return pageNewestFirst(cursors, request.query, 20, (limit, after) => bulk.list(organizationId, limit, after), toJobResource);
  },
});
