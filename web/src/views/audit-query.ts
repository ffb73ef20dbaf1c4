import type { AdminAuditQuery } from '../api/client';
import { changed, pageSizeOf } from './numbers-query';

/**
 * The audit log view's state, as its URL holds it: the list API's own parameter names, so a
 * shared link reads like the API call it makes. organization_id is the operator's alone.
 */
export const AUDIT_FILTERS = [
  'actor_type',
  'actor_key_prefix',
  'actor_id',
  'action',
  'outcome',
  'surface',
  'phone_number',
  'resource_id',
  'request_id',
  'created_after',
  'created_before',
  'organization_id',
] as const;
export type AuditFilter = (typeof AUDIT_FILTERS)[number];

type Filters = Omit<AdminAuditQuery, 'limit' | 'cursor'>;
type Item<K extends keyof Filters> = NonNullable<Filters[K]>;

export const ACTOR_TYPES = ['api_key', 'operator', 'system', 'anonymous'] as const satisfies readonly Item<'actor_type'>[];
export const OUTCOMES = ['succeeded', 'refused'] as const satisfies readonly Item<'outcome'>[];

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

/** An instant of the URL, kept only when it is one. */
const instant = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? value : undefined);

/** The filters of the URL, as the list and the export take them; organization_id only for the operator. */
export function auditFilters(query: URLSearchParams, operator: boolean): Filters {
  const text = (name: AuditFilter) => query.get(name)?.trim() || undefined;
  const filters: Filters = {
    actor_type: oneOf(ACTOR_TYPES, query.get('actor_type')),
    actor_key_prefix: text('actor_key_prefix'),
    actor_id: text('actor_id'),
    action: text('action'),
    outcome: oneOf(OUTCOMES, query.get('outcome')),
    surface: text('surface'),
    phone_number: text('phone_number'),
    resource_id: text('resource_id'),
    request_id: text('request_id'),
    created_after: instant(query.get('created_after')),
    created_before: instant(query.get('created_before')),
    organization_id: operator ? text('organization_id') : undefined,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as Filters;
}

/** One page of the list: the filters, the page size and the cursor. */
export function auditPageQuery(query: URLSearchParams, operator: boolean): AdminAuditQuery {
  const cursor = query.get('cursor');
  return { ...auditFilters(query, operator), limit: pageSizeOf(query), ...(cursor ? { cursor } : {}) };
}

export const hasAuditFilters = (query: URLSearchParams) => AUDIT_FILTERS.some((name) => query.get(name));

/** The same view without its filters: the page size stays. */
export const withoutAuditFilters = (query: URLSearchParams) => changed(query, Object.fromEntries(AUDIT_FILTERS.map((name) => [name, undefined])));

/** An ISO instant as a datetime-local field shows it: the browser's own time zone, to the second. */
export function localInput(iso: string | null): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return '';
  const local = new Date(time - new Date(time).getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

/** A datetime-local field's value (the browser's time zone) as the ISO instant the API takes. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
