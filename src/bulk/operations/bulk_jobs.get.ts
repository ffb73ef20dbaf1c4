import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { BulkJobSchema, JobIdParams, toJobResource } from '../bulk.schemas.js';

export const bulkJobsGet = defineOperation({
  name: 'bulk_jobs.get',
  method: 'GET',
  path: '/v1/phone-numbers/jobs/:id',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Get a bulk job',
  description: 'Its status, its numbers counted by outcome, and its progress.',
  tags: ['Bulk jobs'],
  schema: { params: JobIdParams, response: { 200: BulkJobSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { bulk }) => toJobResource(await bulk.get(principalOf(request).organizationId, request.params.id)),
});
