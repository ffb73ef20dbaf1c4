import { parsePhoneNumber } from 'libphonenumber-js/max';
import { CAPABILITIES, type Capability } from '../numbers/phone-number.js';
import type { AvailableNumber, AvailableNumberQuery, CarrierName, Price } from './carrier.js';

/** Shared by the real carriers' adapters: reading their offers into Dialtone's shape. */

export interface CarrierOffer {
  number: string;
  region: string | null;
  city: string | null;
  capabilities: Capability[];
  price: Price | null;
}

/** Whether a number fits the query's digit patterns (on the national number) and capabilities. */
export function fitsQuery(query: AvailableNumberQuery, offer: AvailableNumber): boolean {
  const national = nationalNumberOf(offer.number);
  if (query.areaCode && !national.startsWith(query.areaCode)) return false;
  if (query.startsWith && !national.startsWith(query.startsWith)) return false;
  if (query.endsWith && !national.endsWith(query.endsWith)) return false;
  if (query.contains && !national.includes(query.contains)) return false;
  return query.capabilities.every((capability) => offer.capabilities.includes(capability));
}

function nationalNumberOf(number: string): string {
  try {
    return parsePhoneNumber(number).nationalNumber;
  } catch {
    return number.replace(/^\+/, '');
  }
}

/** A carrier's offer with the forms and type libphonenumber gives; null if it is not a valid number. */
export function toAvailableNumber(carrier: CarrierName, query: AvailableNumberQuery, offer: CarrierOffer): AvailableNumber | null {
  let parsed;
  try {
    parsed = parsePhoneNumber(offer.number);
  } catch {
    return null;
  }
  if (!parsed.isValid()) return null;
  return {
    number: parsed.number,
    country: parsed.country ?? query.country,
    number_type: query.numberType,
    national_format: parsed.formatNational(),
    international_format: parsed.formatInternational(),
    region: offer.region,
    city: offer.city,
    capabilities: offer.capabilities,
    carrier,
    monthly_cost: offer.price?.monthly_cost ?? null,
    upfront_cost: offer.price?.upfront_cost ?? null,
    currency: offer.price?.currency ?? 'USD',
  };
}

/** Capabilities from a carrier's flags ({ voice: true, SMS: false, ... }), in Dialtone's names. */
export function capabilitiesFromFlags(flags: Record<string, unknown> | null | undefined): Capability[] {
  if (!flags) return [];
  const on = new Set(
    Object.entries(flags)
      .filter(([, value]) => value === true)
      .map(([key]) => key.toLowerCase()),
  );
  return CAPABILITIES.filter((capability) => on.has(capability));
}

/** Carrier offers read, checked and trimmed to the query. */
export function offersFor(carrier: CarrierName, query: AvailableNumberQuery, offers: CarrierOffer[]): AvailableNumber[] {
  return offers
    .map((offer) => toAvailableNumber(carrier, query, offer))
    .filter((offer): offer is AvailableNumber => offer !== null && fitsQuery(query, offer))
    .slice(0, query.limit);
}
