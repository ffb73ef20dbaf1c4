import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { BulkJobSchema, JobIdParams, toJobResource } from '../bulk.schemas.js';

export const bulkJobsCancel = defineOperation({
  name: 'bulk_jobs.cancel',
  method: 'POST',
  path: '/v1/phone-numbers/jobs/:id/cancel',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Cancel a bulk job',
  description: 'Numbers not yet worked are left as they are (outcome canceled); those done stay done. 409 once the job has ended.',
  tags: ['Bulk jobs'],
  schema: { params: JobIdParams, response: { 200: BulkJobSchema, ...problems(400, 401, 403, 404, 409) } },
  handler: async (request, { bulk }) => toJobResource(await bulk.cancel(principalOf(request).organizationId, request.params.id)),
});
