import type { AppError } from '../errors/catalogue.js';
import type { Capability, NumberType } from '../numbers/phone-number.js';

/** The carriers Dialtone buys numbers from. sandbox is built in and needs no account. */
export const CARRIER_NAMES = ['sandbox', 'telnyx', 'signalwire', 'twilio'] as const;
export type CarrierName = (typeof CARRIER_NAMES)[number];

/** Number types a search can ask for. */
export const SEARCHABLE_TYPES = ['local', 'mobile', 'toll_free'] as const satisfies readonly NumberType[];
export type SearchableType = (typeof SEARCHABLE_TYPES)[number];

/** An account at a carrier, with its credentials decrypted for the length of one call. */
export interface CarrierAccess {
  carrier: CarrierName;
  /** null for the built-in sandbox. */
  accountId: string | null;
  baseUrl: string;
  credentials: Readonly<Record<string, string>>;
}

/**
 * A search, already checked against the combination rules. Digit patterns are digits, and
 * * for any one digit (keypad letters already turned into digits).
 */
export interface AvailableNumberQuery {
  country: string;
  numberType: SearchableType;
  /** Leading digits of the national number (the NPA in North America). */
  areaCode?: string;
  startsWith?: string;
  contains?: string;
  endsWith?: string;
  /** ISO 3166-2 subdivision code without the country, e.g. TX. */
  region?: string;
  city?: string;
  /** A postal code (US ZIP code) the numbers must be in. */
  postalCode?: string;
  /** A circle (centre and radius in miles) the numbers must be in. */
  near?: { latitude: number; longitude: number; miles: number };
  capabilities: Capability[];
  limit: number;
}

export interface Price {
  monthly_cost: string | null;
  upfront_cost: string | null;
  currency: string;
}

export interface AvailableNumber extends Price {
  number: string;
  country: string;
  number_type: NumberType;
  national_format: string;
  international_format: string;
  region: string | null;
  city: string | null;
  /** Where the numbering data places the number: postal code and its centre, where known. */
  postal_code: string | null;
  latitude: number | null;
  longitude: number | null;
  capabilities: Capability[];
  carrier: CarrierName;
}

/**
 * What became of one number of an order at the carrier. unknown means the carrier may or
 * may not have sold it (a timeout after the request was sent): ask findOwned before deciding.
 */
export type PurchaseOutcome =
  | { number: string; status: 'purchased'; carrierNumberId: string | null; price: Price | null; capabilities: Capability[] | null }
  | { number: string; status: 'failed'; error: AppError }
  | { number: string; status: 'unknown'; error: AppError };

/** The carrier's record of a number the account holds. */
export interface OwnedNumber {
  carrierNumberId: string | null;
}

export interface ReleaseTarget {
  number: string;
  carrierNumberId: string | null;
}

/**
 * One interface for every carrier. Every member is required, so an adapter missing one
 * fails to compile; reserve is null where the carrier has no reservations.
 */
export interface CarrierAdapter {
  readonly name: CarrierName;
  /** Credential fields an account at this carrier must have. */
  readonly credentialFields: readonly string[];
  /** Where the carrier's API lives when the account does not say. */
  readonly defaultBaseUrl: string | null;
  /**
   * The host names the carrier's API lives on (`*.example.com` for any name under it): an
   * account's base_url, and every call, must be on one unless the operator allow-lists it.
   */
  readonly apiHosts: readonly string[];
  search(access: CarrierAccess, query: AvailableNumberQuery): Promise<AvailableNumber[]>;
  order(access: CarrierAccess, numbers: readonly string[]): Promise<PurchaseOutcome[]>;
  /** Whether the account holds the number now; null when it does not. */
  findOwned(access: CarrierAccess, number: string): Promise<OwnedNumber | null>;
  /** Gives the number back to the carrier. Releasing a number the carrier no longer has succeeds. */
  release(access: CarrierAccess, target: ReleaseTarget): Promise<void>;
  reserve: ((access: CarrierAccess, numbers: readonly string[]) => Promise<void>) | null;
}
