import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { resolveSort } from '../list-query.js';
import { LIST_PARAMETERS, ListQuerySchema, ListResponseSchema, toFilters, toResource } from '../numbers.schemas.js';

export const numbersList = defineOperation({
  name: 'numbers.list',
  method: 'GET',
  path: '/v1/phone-numbers',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'List phone numbers',
  description: 'Filters combine with AND. Cursor-paginated; newest first unless sorted otherwise.',
  tags: ['Phone numbers'],
  schema: { querystring: ListQuerySchema, response: { 200: ListResponseSchema, ...problems(400, 401, 403) } },
  commaSeparated: LIST_PARAMETERS,
  handler: async (request, { numbers }) => {
    const q = request.query;
    const options = { filters: toFilters(q), sort: resolveSort(q.sort, q.order), limit: q.limit ?? 50, cursor: q.cursor, includeTotal: q.include_total };
    const page = await numbers.list(principalOf(request).organizationId, options);
    return {
      object: 'list' as const,
      data: page.data.map((record) => toResource(record)),
      has_more: page.hasMore,
      next_cursor: numbers.cursorFor(page, options),
      ...(page.totalCount !== undefined ? { total_count: page.totalCount } : {}),
    };
  },
});
