import type { AddressRow } from '../db/schema.js';

/**
 * A postal address of an organization: where a customer of it is, for the numbers that need
 * one by regulation and for emergency calling. Every surface (native /v1/addresses, Twilio's
 * Addresses, a number's address and emergency address) reads and writes this one model.
 */
export type Address = AddressRow;

/** What a client gives to make an address; an update sends any of it. */
export interface AddressInput {
  customer_name: string;
  friendly_name?: string | null;
  street: string;
  street_secondary?: string | null;
  city: string;
  region: string;
  postal_code: string;
  iso_country: string;
  emergency_enabled?: boolean;
}

/** Lengths the database checks too (0014_addresses.sql). */
export const ADDRESS_LIMITS = {
  customer_name: 200,
  friendly_name: 64,
  street: 200,
  street_secondary: 200,
  city: 100,
  region: 100,
  postal_code: 20,
} as const;

/** The equality filters of a list of addresses (Twilio's CustomerName, FriendlyName, IsoCountry, EmergencyEnabled). */
export interface AddressFilters {
  customer_name?: string;
  friendly_name?: string;
  iso_country?: string;
  emergency_enabled?: boolean;
}
