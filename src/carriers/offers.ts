import { parsePhoneNumber } from 'libphonenumber-js/max';
import { CAPABILITIES, type Capability } from '../numbers/phone-number.js';
import type { AvailableNumber, AvailableNumberQuery, CarrierName, Price } from './carrier.js';

/** Shared by the real carriers' adapters: reading their offers into Dialtone's shape. */

export interface CarrierOffer {
  number: string;
  region: string | null;
  city: string | null;
  postal_code?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  capabilities: Capability[];
  price: Price | null;
}

/** A digit pattern (* is any one digit) as a regular expression, anchored as asked. */
function patternRegExp(pattern: string, anchor: 'start' | 'end' | 'anywhere'): RegExp {
  const body = pattern.replace(/[^0-9*]/g, '').replace(/\*/g, '[0-9]');
  return new RegExp(`${anchor === 'start' ? '^' : ''}${body}${anchor === 'end' ? '$' : ''}`);
}

/** Whether a national number fits the query's digit patterns. */
export function matchesPatterns(query: AvailableNumberQuery, national: string): boolean {
  if (query.areaCode && !national.startsWith(query.areaCode)) return false;
  if (query.startsWith && !patternRegExp(query.startsWith, 'start').test(national)) return false;
  if (query.endsWith && !patternRegExp(query.endsWith, 'end').test(national)) return false;
  return !query.contains || patternRegExp(query.contains, 'anywhere').test(national);
}

/**
 * The digits of a pattern a carrier whose search takes no wildcards can be sent (the leading
 * run for starts-with, the trailing one for ends-with, the longest for contains); the
 * results are then held to the whole pattern by fitsQuery. Undefined when there is none.
 */
export function plainDigits(pattern: string, anchor: 'start' | 'end' | 'anywhere'): string | undefined {
  const runs = pattern.split('*');
  const run =
    anchor === 'start' ? runs[0]! : anchor === 'end' ? runs[runs.length - 1]! : runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return run || undefined;
}

/** Whether a number fits the query's digit patterns (on the national number) and capabilities. */
export function fitsQuery(query: AvailableNumberQuery, offer: AvailableNumber): boolean {
  if (!matchesPatterns(query, nationalNumberOf(offer.number))) return false;
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
    postal_code: offer.postal_code ?? null,
    latitude: offer.latitude ?? null,
    longitude: offer.longitude ?? null,
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
