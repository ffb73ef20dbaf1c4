import type { NumbersQuery } from '../api/client';
import { CAPABILITIES, CARRIERS, NUMBER_TYPES, PAGE_SIZES, SORT_KEYS, STATUSES, type SortKey } from '../vocabulary';

/**
 * The numbers view's state, as its URL holds it: the list API's own parameter names, so a
 * shared link reads like the API call it makes, lists comma-separated (tag=support,emea) as the
 * API takes them. Values the API would refuse are left out.
 */
export const FILTER_PARAMS = [
  'search',
  'status',
  'number_type',
  'carrier',
  'capability',
  'country',
  'tag',
  'without_tags',
  'assigned',
  'assigned_agent_id',
  'renewal_after',
  'renewal_before',
] as const;
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

/** A comma-separated list as its items: trimmed, without blanks or repeats. */
export const splitList = (text: string) => [...new Set(text.split(',').map((item) => item.trim()).filter(Boolean))];

/** The most of one list the API takes (its ListOf bound), and of a tag's length. */
const MAX_ITEMS = 20;
const MAX_TAG = 64;

const isDay = (text: string | undefined): text is string => text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text);
const startOf = (day: string | undefined) => (isDay(day) ? `${day}T00:00:00Z` : undefined);
const short = (text: string | undefined) => (text && text.length <= 200 ? text : undefined);
const flag = (value: string | null) => (value === 'true' ? true : value === 'false' ? false : undefined);

/** The list API's query for the view's URL. */
export function listQuery(query: URLSearchParams): NumbersQuery {
  const text = (name: FilterParam) => query.get(name)?.trim() || undefined;
  const items = (name: FilterParam, keep: (item: string) => boolean) => {
    const kept = splitList(query.get(name) ?? '').filter(keep).slice(0, MAX_ITEMS);
    return kept.length ? kept : undefined;
  };
  const list = <T extends string>(values: readonly T[], name: FilterParam) => items(name, (item) => values.includes(item as T)) as T[] | undefined;
  const result: NumbersQuery = {
    search: text('search'),
    status: list(STATUSES, 'status'),
    number_type: list(NUMBER_TYPES, 'number_type'),
    carrier: list(CARRIERS, 'carrier'),
    capability: list(CAPABILITIES, 'capability'),
    country: items('country', (item) => /^[A-Za-z]{2}$/.test(item))?.map((country) => country.toUpperCase()),
    tag: items('tag', (item) => item.length <= MAX_TAG),
    without_tags: flag(query.get('without_tags')),
    assigned: flag(query.get('assigned')),
    assigned_agent_id: short(text('assigned_agent_id')),
    renewal_after: startOf(text('renewal_after')),
    renewal_before: startOf(text('renewal_before')),
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
