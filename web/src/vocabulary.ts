import type { NumbersQuery } from './api/client';

/** The list API's values the filters offer, checked against the generated API types. */
type Item<T> = T extends readonly (infer U)[] ? U : T;
type ValuesOf<K extends keyof NumbersQuery> = readonly Item<NonNullable<NumbersQuery[K]>>[];

export const STATUSES = [
  'active',
  'suspended',
  'port_pending',
  'port_failed',
  'purchase_pending',
  'purchase_failed',
  'release_pending',
  'released',
] as const satisfies ValuesOf<'status'>;
export const NUMBER_TYPES = ['local', 'mobile', 'toll_free', 'national', 'shared_cost', 'premium_rate', 'voip'] as const satisfies ValuesOf<'number_type'>;
export const CARRIERS = ['sandbox', 'telnyx', 'signalwire', 'twilio', 'sip', 'byoc'] as const satisfies ValuesOf<'carrier'>;
export const CAPABILITIES = ['voice', 'sms', 'mms', 'fax', 'whatsapp'] as const satisfies ValuesOf<'capability'>;
export const SORT_KEYS = ['created_at', 'number', 'friendly_name', 'next_billing_date', 'purchased_at'] as const satisfies ValuesOf<'sort'>;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;
