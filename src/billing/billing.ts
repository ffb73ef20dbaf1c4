/** What a billing record bills: the first period of a bought number (with its upfront cost), or a renewal. */
export const BILLING_KINDS = ['purchase', 'renewal'] as const;
export type BillingKind = (typeof BILLING_KINDS)[number];
