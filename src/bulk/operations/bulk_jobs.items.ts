import { principalOf } from '../../auth/auth.hooks.js';
import { errors } from '../../errors/catalogue.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { ItemListSchema, ItemsQuerySchema, JobIdParams, toItemResource } from '../bulk.schemas.js';

export const bulkJobsItems = defineOperation({
  name: 'bulk_jobs.items',
  method: 'GET',
  path: '/v1/phone-numbers/jobs/:id/items',
  access: { scopes: ['phone_numbers:read'] },
  summary: "List a bulk job's results",
  description: 'Per-number results in job order, filterable by outcome; each failure with its error code and detail.',
  tags: ['Bulk jobs'],
  schema: { params: JobIdParams, querystring: ItemsQuerySchema, response: { 200: ItemListSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { bulk, cursors }) => {
    const { outcome, cursor } = request.query;
    const limit = request.query.limit ?? 100;
    let after: number | undefined;
    if (cursor) {
      const { p, j } = (cursors.open(cursor) ?? {}) as Record<string, unknown>;
      if (typeof p !== 'number' || !Number.isSafeInteger(p) || j !== request.params.id) {
        throw errors.validation('The cursor is not one this API issued for this job.', { parameter: 'cursor' });
      }
      after = p;
    }
    const rows = await bulk.items(principalOf(request).organizationId, request.params.id, { outcome, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? cursors.seal({ p: last.position, j: request.params.id }) : null;
    return { object: 'list' as const, data: page.map(toItemResource), has_more: nextCursor !== null, next_cursor: nextCursor };
  },
});
