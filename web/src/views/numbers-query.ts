import type { NumbersQuery } from '../api/client';
import { CAPABILITIES, CARRIERS, NUMBER_TYPES, PAGE_SIZES, SORT_KEYS, STATUSES, type SortKey } from '../vocabulary';

/**
 * The numbers view's state, as its URL holds it: the list API's own parameter names, so a
 * shared link reads like the API call it makes. Values the API would refuse are left out.
 */
export const FILTER_PARAMS = ['search', 'status', 'number_type', 'carrier', 'capability', 'country', 'tag', 'assigned', 'renewal_before'] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

export function sortOf(query: URLSearchParams): { sort: SortKey; order: 'asc' | 'desc' } {
  const sort = oneOf(SORT_KEYS, query.get('sort')) ?? 'created_at';
  const order = oneOf(['asc', 'desc'] as const, query.get('order')) ?? (sort === 'created_at' ? 'desc' : 'asc');
  return { sort, order };
}

export function pageSizeOf(query: URLSearchParams): number {
  const size = Number(query.get('limit'));
  return (PAGE_SIZES as readonly number[]).includes(size) ? size : 50;
}

/** The list API's query for the view's URL. */
export function listQuery(query: URLSearchParams): NumbersQuery {
  const text = (name: FilterParam) => query.get(name)?.trim() || undefined;
  const list = <T extends string>(values: readonly T[], name: FilterParam) => {
    const value = oneOf(values, query.get(name));
    return value ? [value] : undefined;
  };
  const country = text('country')?.toUpperCase();
  const assigned = query.get('assigned');
  const renewalBefore = text('renewal_before');
  const result: NumbersQuery = {
    search: text('search'),
    status: list(STATUSES, 'status'),
    number_type: list(NUMBER_TYPES, 'number_type'),
    carrier: list(CARRIERS, 'carrier'),
    capability: list(CAPABILITIES, 'capability'),
    country: country && /^[A-Z]{2}$/.test(country) ? [country] : undefined,
    tag: text('tag') ? [text('tag')!] : undefined,
    assigned: assigned === 'true' ? true : assigned === 'false' ? false : undefined,
    renewal_before: renewalBefore && /^\d{4}-\d{2}-\d{2}$/.test(renewalBefore) ? `${renewalBefore}T00:00:00Z` : undefined,
    ...sortOf(query),
    limit: pageSizeOf(query),
    cursor: query.get('cursor') || undefined,
  };
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined)) as NumbersQuery;
}

/** The URL's query with some parameters changed (undefined or '' removes one); the cursor goes unless kept. */
export function changed(query: URLSearchParams, changes: Record<string, string | undefined>, keepCursor = false): URLSearchParams {
  const next = new URLSearchParams(query);
  if (!keepCursor) next.delete('cursor');
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, value);
  }
  return next;
}

export const hasFilters = (query: URLSearchParams) => FILTER_PARAMS.some((name) => query.get(name));

/** The same view without its search and filters: the sort and the page size stay. */
export const withoutFilters = (query: URLSearchParams) => changed(query, Object.fromEntries(FILTER_PARAMS.map((name) => [name, undefined])));
