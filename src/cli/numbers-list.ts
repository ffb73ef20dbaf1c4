import { Value } from 'typebox/value';
import { AppError } from '../errors/catalogue.js';
import { resolveSort } from '../numbers/list-query.js';
import { ListQuerySchema, LIST_PARAMETERS, toFilters, type ListQuery } from '../numbers/numbers.schemas.js';
import { withDialtone } from './context.js';

/** The same filters as GET /v1/phone-numbers, as options: --status active,suspended --country US. */
export async function listNumbers(options: Record<string, string | undefined> & { org: string }): Promise<void> {
  const { org, ...raw } = options;
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    query[key] = (LIST_PARAMETERS as readonly string[]).includes(key) ? value.split(',') : value;
  }
  const converted = Value.Convert(ListQuerySchema, query) as ListQuery;
  const [problem] = Value.Errors(ListQuerySchema, converted);
  if (problem) throw new AppError('validation_failed', 'Invalid option', `--${problem.instancePath.slice(1).replace(/_/g, '-')} ${problem.message}`);
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
