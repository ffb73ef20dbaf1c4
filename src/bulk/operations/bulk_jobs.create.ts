import { Type } from 'typebox';
import { assertScopes, principalOf } from '../../auth/auth.hooks.js';
import { idempotencyKeyOf } from '../../http/headers.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { MAX_LISTED_TARGETS, MAX_WAITED_TARGETS } from '../bulk-job.js';
import { CreatedJobSchema, CreateJobQuerySchema, CreateJobSchema, PreviewSchema, toItemResource, toJobInput, toJobResource, toPreviewItem } from '../bulk.schemas.js';

export const bulkJobsCreate = defineOperation({
  name: 'bulk_jobs.create',
  method: 'POST',
  path: '/v1/phone-numbers/jobs',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Change many numbers',
  description:
    `One action (update, update_emergency, assign, unassign, release) over up to ${MAX_LISTED_TARGETS} numbers named by ids or phone_numbers, ` +
    'or every number a list filter matches; with a filter, expected_count is required, and a job whose targets come to ' +
    'another count is refused (409 count_mismatch, with the count now). Each number is changed in its own transaction as a ' +
    'single change would be, its event naming the job (actor.job_id). release also needs the phone_numbers:release scope. ' +
    'dry_run: true answers what would change, a page at a time, and changes nothing. ' +
    `wait=true runs a job of up to ${MAX_WAITED_TARGETS} numbers before answering (200, with results); otherwise 202 and the ` +
    'job is worked in the background. Send an Idempotency-Key to retry safely: the same key and body answer the first job ' +
    '(Idempotent-Replayed: true); the same key with another body is a 422.',
  tags: ['Bulk jobs'],
  schema: {
    querystring: CreateJobQuerySchema,
    body: CreateJobSchema,
    response: { 200: Type.Union([CreatedJobSchema, PreviewSchema], { description: 'The job run (wait=true) or replayed; or, for dry_run, the preview.' }), 202: CreatedJobSchema, ...problems(400, 401, 403, 409, 422) },
  },
  handler: async (request, { bulk }) => {
    const principal = principalOf(request);
    const input = toJobInput(request.body);
    if (input.action === 'release') assertScopes(principal, ['phone_numbers:write', 'phone_numbers:release']);
    if (request.body.dry_run) {
      const page = await bulk.preview(principal.organizationId, input, { limit: request.query.limit ?? 100, cursor: request.query.cursor });
      return {
        object: 'bulk_job_preview' as const,
        action: input.action,
        count: page.count,
        data: page.data.map((item) => toPreviewItem(item)),
        has_more: page.nextCursor !== null,
        next_cursor: page.nextCursor,
      };
    }
    const created = await bulk.create(principal.organizationId, input, { idempotencyKey: idempotencyKeyOf(request), wait: request.query.wait });
    const body = { ...toJobResource(created.job), ...(created.results ? { results: created.results.map(toItemResource) } : {}) };
    const headers: Record<string, string> = { location: `/v1/phone-numbers/jobs/${created.job.id}` };
    if (created.replayed) headers['idempotent-replayed'] = 'true';
    return answer(created.results || created.replayed ? 200 : 202, body, headers);
  },
});
