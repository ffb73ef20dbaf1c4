import type { operations } from '../api/openapi';
import { capabilityName } from '../format';
import { CAPABILITIES } from '../vocabulary';

/** The search API's query and its answer, as the generated types give them (an order's answer: orders-api.ts). */
export type SearchQuery = NonNullable<operations['available_numbers.search']['parameters']['query']>;
export type AvailableNumber = operations['available_numbers.search']['responses'][200]['content']['application/json']['data'][number];
export type AvailableCountry = operations['available_numbers.countries']['responses'][200]['content']['application/json']['data'][number];
export type Capability = (typeof CAPABILITIES)[number];

/** Where a pattern must match the national number: the search API's own parameter names. */
export const PATTERN_PLACES = ['starts_with', 'contains', 'ends_with'] as const;
export type PatternPlace = (typeof PATTERN_PLACES)[number];
export const PATTERN_PLACE_NAMES: Record<PatternPlace, string> = { starts_with: 'Starts with', contains: 'Contains', ends_with: 'Ends with' };

/** The results a search asks for. */
export const SEARCH_LIMIT = 50;

const KEYPAD: Record<string, string> = Object.fromEntries(
  ['ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'].flatMap((letters, index) => [...letters].map((letter) => [letter, String(index + 2)])),
);

/**
 * What a pattern typed by a person searches for: letters as on a phone keypad (CALL → 2255),
 * separators people type in numbers (spaces, dashes, dots, brackets) dropped. Anything else is
 * left for the API to judge, so its answer says what is wrong.
 */
export function keypadDigits(typed: string): string {
  return [...typed.toUpperCase().replace(/[\s\-.()]/g, '')].map((key) => KEYPAD[key] ?? key).join('');
}

/** The view's URL parameters: the search API's names; the pattern as the person typed it. */
const TEXT_PARAMS = ['area_code', 'region', 'city'] as const;

export const hasSearch = (query: URLSearchParams) => query.has('country');

export function capabilitiesOf(query: URLSearchParams): Capability[] {
  const asked = (query.get('capabilities') ?? '').split(',');
  return CAPABILITIES.filter((capability) => asked.includes(capability));
}

export function patternOf(query: URLSearchParams): { place: PatternPlace; typed: string } | null {
  for (const place of PATTERN_PLACES) {
    const typed = query.get(place)?.trim();
    if (typed) return { place, typed };
  }
  return null;
}

/** The search API's query for the view's URL. */
export function searchQuery(query: URLSearchParams): SearchQuery {
  const result: SearchQuery = { country: query.get('country')?.trim().toUpperCase() || 'US', limit: SEARCH_LIMIT };
  const type = query.get('number_type');
  if (type === 'local' || type === 'mobile' || type === 'toll_free') result.number_type = type;
  for (const name of TEXT_PARAMS) {
    const value = query.get(name)?.trim();
    if (value) result[name] = value;
  }
  const pattern = patternOf(query);
  if (pattern) result[pattern.place] = keypadDigits(pattern.typed);
  const capabilities = capabilitiesOf(query);
  if (capabilities.length) result.capabilities = capabilities;
  return result;
}

/** What a search narrowed by, each with the URL without it: what an empty result offers to drop. */
export function searchNarrowings(query: URLSearchParams): { text: string; without: URLSearchParams }[] {
  const without = (...names: string[]) => {
    const next = new URLSearchParams(query);
    names.forEach((name) => next.delete(name));
    return next;
  };
  const found: { text: string; without: URLSearchParams }[] = [];
  for (const [name, text] of [['area_code', 'area code'], ['region', 'region'], ['city', 'city']] as const) {
    const value = query.get(name)?.trim();
    if (value) found.push({ text: `${text} ${value}`, without: without(name) });
  }
  const pattern = patternOf(query);
  if (pattern) {
    const digits = keypadDigits(pattern.typed);
    const shown = digits === pattern.typed ? digits : `${pattern.typed} (${digits})`;
    found.push({ text: `the pattern ${shown}`, without: without(...PATTERN_PLACES) });
  }
  const capabilities = capabilitiesOf(query);
  if (capabilities.length) found.push({ text: capabilities.map(capabilityName).join(' and '), without: without('capabilities') });
  return found;
}

/** An amount of money as whole ten-thousandths (the API's four decimals), so sums are exact. */
const toUnits = (amount: string) => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0').slice(0, 4));
};
const fromUnits = (units: number) => (units / 10_000).toFixed(4);

export interface CartTotal {
  currency: string;
  monthly: string;
  upfront: string;
}

/** What the numbers cost, per currency; numbers whose carrier gives no price are counted apart. */
export function cartTotals(numbers: readonly AvailableNumber[]): { totals: CartTotal[]; unpriced: number } {
  const sums = new Map<string, { monthly: number; upfront: number }>();
  let unpriced = 0;
  for (const number of numbers) {
    if (number.monthly_cost === null && number.upfront_cost === null) {
      unpriced++;
      continue;
    }
    const sum = sums.get(number.currency) ?? { monthly: 0, upfront: 0 };
    sum.monthly += toUnits(number.monthly_cost ?? '0');
    sum.upfront += toUnits(number.upfront_cost ?? '0');
    sums.set(number.currency, sum);
  }
  const totals = [...sums].map(([currency, sum]) => ({ currency, monthly: fromUnits(sum.monthly), upfront: fromUnits(sum.upfront) }));
  return { totals, unpriced };
}

/**
 * An Idempotency-Key for one checkout of the cart: random (getRandomValues works on any origin,
 * randomUUID only on secure ones), so a retry of this checkout is recognised and no other is.
 */
export function newCheckoutKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
