import type { AddressRow } from '../db/schema.js';

/**
 * A postal address of an organization: where a customer of it is, for the numbers that need
 * one by regulation and for emergency calling. Every surface (native /v1/addresses, Twilio's
 * Addresses, a number's address and emergency address) reads and writes this one model.
 */
export type Address = AddressRow;

/**
 * What a client gives to make an address; an update sends any of it. customer_name and street
 * may be left out for the parts they are made of (names, street number and name).
 */
export interface AddressInput {
  customer_name?: string;
  friendly_name?: string | null;
  street?: string;
  street_secondary?: string | null;
  city: string;
  region: string;
  postal_code: string;
  iso_country: string;
  emergency_enabled?: boolean;
  /** The parts some surfaces give one by one; customer_name and street are made of them when not given. */
  first_name?: string | null;
  last_name?: string | null;
  business_name?: string | null;
  street_number?: string | null;
  street_name?: string | null;
  neighborhood?: string | null;
  borough?: string | null;
  phone_number?: string | null;
  customer_reference?: string | null;
  /** Whether the address is among those shown for everyday use (Telnyx's address book); true unless said. */
  address_book?: boolean;
}

/** The parts customer_name is made of, and those street is made of. */
export const NAME_PARTS = ['first_name', 'last_name', 'business_name'] as const;
export const STREET_PARTS = ['street_number', 'street_name'] as const;

/** Lengths the database checks too (0014_addresses.sql). */
export const ADDRESS_LIMITS = {
  customer_name: 200,
  friendly_name: 64,
  street: 200,
  street_secondary: 200,
  city: 100,
  region: 100,
  postal_code: 20,
  first_name: 200,
  last_name: 200,
  business_name: 200,
  street_number: 50,
  street_name: 200,
  neighborhood: 100,
  borough: 100,
  phone_number: 32,
  customer_reference: 200,
} as const;

type Parts = { [K in (typeof NAME_PARTS)[number] | (typeof STREET_PARTS)[number]]?: string | null };

/** The customer name the parts make: the business's, or the person's first and last name. */
export function customerNameOf(parts: Parts): string {
  return parts.business_name || [parts.first_name, parts.last_name].filter(Boolean).join(' ');
}

/** The street the parts make: number and name. */
export function streetOf(parts: Parts): string {
  return [parts.street_number, parts.street_name].filter(Boolean).join(' ');
}

/** A person's name as first and last, from the parts given or else from the customer name (its last word is the last name). */
export function personNameOf(a: Pick<Address, 'customer_name' | 'first_name' | 'last_name'>): { first: string; last: string } {
  if (a.first_name !== null || a.last_name !== null) return { first: a.first_name ?? '', last: a.last_name ?? '' };
  const words = a.customer_name.trim().split(/\s+/);
  return words.length === 1 ? { first: words[0]!, last: '' } : { first: words.slice(0, -1).join(' '), last: words.at(-1)! };
}

/** The street as number and name, from the parts given or else from the street (a leading token with a digit is the number). */
export function streetPartsOf(a: Pick<Address, 'street' | 'street_number' | 'street_name'>): { number: string; name: string } {
  if (a.street_number !== null || a.street_name !== null) return { number: a.street_number ?? '', name: a.street_name ?? '' };
  const match = /^(\S*\d\S*)\s+(.+)$/.exec(a.street.trim());
  return match ? { number: match[1]!, name: match[2]! } : { number: '', name: a.street };
}

/** The filters of a list of addresses: exact (Twilio's CustomerName, FriendlyName, IsoCountry, EmergencyEnabled) and partial. */
export interface AddressFilters {
  customer_name?: string;
  friendly_name?: string;
  iso_country?: string;
  emergency_enabled?: boolean;
  /** The part of the customer reference, case-insensitively (Telnyx's filter[customer_reference][contains]). */
  customer_reference_contains?: string;
  customer_reference?: string;
  /** The part of the street, case-insensitively. */
  street_contains?: string;
  /** The part of the friendly name, case-insensitively (SignalWire's filter_label). */
  friendly_name_contains?: string;
  /** Used (or not) as the emergency address of a number the organization holds. */
  used_as_emergency?: boolean;
  address_book?: boolean;
}

/** The orders a list of addresses may take; newest first unless said. */
export const ADDRESS_SORT_KEYS = ['created_at', 'first_name', 'last_name', 'business_name', 'street'] as const;
export type AddressSortKey = (typeof ADDRESS_SORT_KEYS)[number];
export interface AddressSort {
  key: AddressSortKey;
  descending: boolean;
}
