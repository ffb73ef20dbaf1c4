import { resolveSort } from '../numbers/list-query.js';
import { ListQuerySchema, toFilters, type ListQuery } from '../numbers/numbers.schemas.js';
import { withDialtone } from './context.js';
import { queryOfOptions } from './query-options.js';

/** The same filters as GET /v1/phone-numbers, as options: --status active,suspended --country US. */
export async function listNumbers(options: Record<string, string | undefined> & { org: string }): Promise<void> {
  const { org, ...raw } = options;
  const converted = queryOfOptions<ListQuery>(ListQuerySchema, raw);
  await withDialtone(async ({ services }) => {
    const organization = await services.orgs.get(org);
    const options = {
      filters: toFilters(converted),
      sort: resolveSort(converted.sort, converted.order),
      limit: converted.limit ?? 50,
      cursor: converted.cursor,
      includeTotal: true,
    };
    const page = await services.numbers.list(organization.id, options);
    const rows = page.data.map((n) => ({
      number: n.number,
      name: n.friendly_name ?? '',
      status: n.status,
      type: n.number_type,
      country: n.country,
      capabilities: n.capabilities.join(','),
      tags: n.tags.join(','),
      agent: n.assigned_agent_id ?? '',
    }));
    console.table(rows);
    const next = services.numbers.cursorFor(page, options);
    process.stdout.write(`${page.data.length} of ${page.totalCount} numbers${next ? `; next page: --cursor ${next}` : ''}\n`);
  });
}
