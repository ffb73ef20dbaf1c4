import { assertScopes, principalOf } from '../../auth/auth.hooks.js';
import { idempotencyKeyOf } from '../../http/headers.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { BulkJobSchema, JobIdParams, toJobResource } from '../bulk.schemas.js';

export const bulkJobsRetryFailed = defineOperation({
  name: 'bulk_jobs.retry_failed',
  method: 'POST',
  path: '/v1/phone-numbers/jobs/:id/retry-failed',
  access: { scopes: ['phone_numbers:write'] },
  summary: "Retry a bulk job's failed numbers",
  description:
    'A new job (202), the same action, over the numbers an ended job failed on; retry_of names the first. ' +
    '409 while the job runs; 400 when it failed on none. An Idempotency-Key makes it safe to retry.',
  tags: ['Bulk jobs'],
  schema: { params: JobIdParams, response: { 200: BulkJobSchema, 202: BulkJobSchema, ...problems(400, 401, 403, 404, 409, 422) } },
  handler: async (request, { bulk }) => {
    const principal = principalOf(request);
    const job = await bulk.get(principal.organizationId, request.params.id);
    if (job.action === 'release') assertScopes(principal, ['phone_numbers:write', 'phone_numbers:release']);
    const created = await bulk.retryFailed(principal.organizationId, job.id, { idempotencyKey: idempotencyKeyOf(request) });
    const headers: Record<string, string> = { location: `/v1/phone-numbers/jobs/${created.job.id}` };
    if (created.replayed) headers['idempotent-replayed'] = 'true';
    return answer(created.replayed ? 200 : 202, toJobResource(created.job), headers);
  },
});
