import { createHash } from 'node:crypto';
import type { CursorSigner } from '../cursors/cursor-signer.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';
import type { NumberSearch } from './number-search.js';
import type { Capability, Carrier, NumberType, Source, Status, UsagePaymentMethod } from './phone-number.js';

/** What a list of phone numbers can be narrowed by. Every surface translates into this. */
export interface NumberFilters {
  status?: Status[];
  numberType?: NumberType[];
  country?: string[];
  capability?: Capability[];
  /** None of these capabilities. */
  withoutCapability?: Capability[];
  /** The capability listed first (what surfaces that give a number one type show as its type). */
  firstCapability?: Capability;
  carrier?: Carrier[];
  source?: Source[];
  /** All of these tags. */
  tag?: string[];
  withoutTags?: boolean;
  /** Filed with a regulatory bundle (true) or with none (false). */
  hasBundle?: boolean;
  assigned?: boolean;
  assignedAgentId?: string;
  connectionId?: string;
  /** The connection's name is exactly this. */
  connectionName?: string;
  /** The connection's name contains, starts with, ends with this, ignoring case. */
  connectionNameContains?: string;
  connectionNameStartsWith?: string;
  connectionNameEndsWith?: string;
  /** null: numbers with no emergency address. */
  emergencyAddressId?: string | null;
  /** Numbers registered at this address (its dependent numbers). */
  addressId?: string;
  messagingProfileId?: string;
  /** Any of these numbers, E.164. */
  number?: string[];
  /** null: numbers with no billing group. */
  billingGroupId?: string | null;
  customerReference?: string;
  usagePaymentMethod?: UsagePaymentMethod;
  /** Digits, and `_` for any one digit (from numberPattern). */
  numberContains?: string;
  numberStartsWith?: string;
  numberEndsWith?: string;
  nameContains?: string;
  /** Number digits, the number itself, name or id (numberSearch reads the text). */
  search?: NumberSearch;
  createdAfter?: Date;
  createdBefore?: Date;
  renewalAfter?: Date;
  renewalBefore?: Date;
}

export const SORT_KEYS = ['created_at', 'number', 'purchased_at', 'next_billing_date', 'friendly_name'] as const;
/**
 * The native API's sort keys, and acquired_at: when the number came to its organization (bought,
 * else imported or ported in), for surfaces that show that date as the purchase date (Telnyx).
 */
export type SortKey = (typeof SORT_KEYS)[number] | 'acquired_at';
export type SortOrder = 'asc' | 'desc';

export interface Sort {
  key: SortKey;
  order: SortOrder;
}

/** Where the previous page ended: the sort value (as Postgres text) and id of its last row. */
export interface Keyset {
  value: string;
  id: string;
}

export interface ListRequest {
  filters: NumberFilters;
  sort: Sort;
  limit: number;
  after?: Keyset;
  /** Rows to skip after the keyset: for page-numbered surfaces that have no cursor to give. */
  offset?: number;
  includeTotal?: boolean;
}

export interface ListPage<T> {
  data: T[];
  hasMore: boolean;
  /** The keyset of the last row, to continue from. */
  next: Keyset | null;
  totalCount?: number;
}

export const DEFAULT_SORT: Sort = { key: 'created_at', order: 'desc' };

/** Newest first by default; every other key reads naturally ascending unless asked otherwise. */
export function resolveSort(key: SortKey = DEFAULT_SORT.key, order?: SortOrder): Sort {
  return { key, order: order ?? (key === 'created_at' ? 'desc' : 'asc') };
}

/** A short digest of the filters and sort, so a cursor is never reused with a different list. */
function fingerprint(filters: NumberFilters, sort: Sort): string {
  const canonical = JSON.stringify([sort.key, sort.order, Object.entries(filters).filter(([, v]) => v !== undefined).sort()]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

/**
 * Cursors are opaque to clients and sealed (CursorSigner): the keyset plus the fingerprint of
 * the list. One that does not open was not issued by Dialtone and never reaches a query.
 */
export function encodeCursor(signer: CursorSigner, keyset: Keyset, filters: NumberFilters, sort: Sort): string {
  return signer.seal({ v: keyset.value, i: keyset.id, f: fingerprint(filters, sort) });
}

export function decodeCursor(signer: CursorSigner, cursor: string, filters: NumberFilters, sort: Sort, parameter = 'cursor'): Keyset {
  const { v, i, f } = (signer.open(cursor) ?? {}) as Record<string, unknown>;
  if (typeof v !== 'string' || typeof i !== 'string' || typeof f !== 'string' || !isUuid(i)) {
    throw errors.validation('The cursor is not one this API issued.', { parameter });
  }
  if (f !== fingerprint(filters, sort)) {
    throw errors.validation(
      'The cursor belongs to a list with other filters or another sort; send the same filters and sort as the first page.',
      { parameter },
    );
  }
  return { value: v, id: i };
}
