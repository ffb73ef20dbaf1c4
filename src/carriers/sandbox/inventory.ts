import { createHash } from 'node:crypto';
import { getCountryCallingCode, parsePhoneNumber, type CountryCode, type NumberType as LibNumberType } from 'libphonenumber-js/max';
import type { AvailableNumber, AvailableNumberQuery, SearchableType } from '../carrier.js';
import { geoBlocks, locate, type Place } from '../../numbering/geography.js';
import { placeKey } from '../../numbering/place-name.js';
import { matchesPatterns } from '../offers.js';
import { planFor, type TypePlan } from './plans.js';
import { milesBetween, postalAreaOfNumber, prefixesInPostalCode, prefixesWithin, type PostalArea } from './postal.js';

/**
 * The sandbox's inventory: numbers built to match a search (area code, pattern, place),
 * drawn from a pseudo-random sequence seeded by the search itself, so the same search
 * gives the same numbers. Each is kept only if libphonenumber holds it valid for the
 * country and of the asked type, and the geography data places it where asked.
 */

const LIB_TYPES: Record<SearchableType, readonly LibNumberType[]> = {
  local: ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  mobile: ['MOBILE'],
  toll_free: ['TOLL_FREE'],
};

/** mulberry32: small, fast, and the same on every machine. */
function seededRandom(seedText: string): () => number {
  let seed = createHash('sha256').update(seedText).digest().readUInt32LE(0);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

interface Range {
  prefix: string;
  place: Place | null;
}

function rangesFor(query: AvailableNumberQuery, plan: TypePlan): Range[] {
  const areaCode = query.areaCode ?? '';
  const startsWith = query.startsWith ?? '';
  const compatible = (prefix: string) =>
    [areaCode, startsWith].every((fixed) => prefix.startsWith(fixed) || fixed.startsWith(prefix));
  if (plan.prefixes) return plan.prefixes.filter(compatible).map((prefix) => ({ prefix, place: null }));
  const city = query.city ? placeKey(query.city) : null;
  const placed = placedPrefixes(query);
  return geoBlocks(query.country)
    .filter((block) => compatible(block.prefix))
    .filter((block) => !query.region || block.region === query.region)
    .filter((block) => !city || (block.city !== null && placeKey(block.city) === city))
    .filter((block) => !placed || placed.has(block.prefix))
    .filter((block) => plan.lengths.some((length) => patternsFit(query, block.prefix, length)))
    .map((block) => ({ prefix: block.prefix, place: block }));
}

/** Whether a range can hold a number of this length with the query's patterns (long ones reach into the prefix). */
function patternsFit(query: AvailableNumberQuery, prefix: string, length: number): boolean {
  const fixed: Array<[number, string]> = [[0, prefix]];
  if (query.endsWith) fixed.push([length - query.endsWith.length, query.endsWith]);
  if (!query.contains) return layout(length, fixed) !== null;
  for (let at = 0; at + query.contains.length <= length; at++) if (layout(length, [...fixed, [at, query.contains]])) return true;
  return false;
}

/** The ranges in the query's postal code and circle; null when it asks for neither. */
function placedPrefixes(query: AvailableNumberQuery): Set<string> | null {
  if (!query.postalCode && !query.near) return null;
  const inPostalCode = query.postalCode ? new Set(prefixesInPostalCode(query.postalCode)) : null;
  const near = query.near ? prefixesWithin(query.near) : null;
  if (!near) return inPostalCode;
  return new Set(inPostalCode ? near.filter((prefix) => inPostalCode.has(prefix)) : near);
}

/** Whether a number's postal area is where the query asks. */
function inPlace(query: AvailableNumberQuery, area: PostalArea | null): boolean {
  if (query.postalCode && area?.code !== query.postalCode) return false;
  return !query.near || (area !== null && milesBetween(query.near, area) <= query.near.miles);
}

/** Fixes the digits a search demands into a national number of the given length; null if they clash. */
function layout(length: number, fixed: Array<[number, string]>): Array<string | null> | null {
  const digits: Array<string | null> = new Array(length).fill(null);
  for (const [at, text] of fixed) {
    if (at < 0 || at + text.length > length) return null;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '*') continue; // any digit: left to the draw
      const current = digits[at + i];
      if (current !== null && current !== text[i]) return null;
      digits[at + i] = text[i]!;
    }
  }
  return digits;
}

function candidate(query: AvailableNumberQuery, range: Range, length: number, random: () => number): string | null {
  const fixed: Array<[number, string]> = [[0, range.prefix]];
  if (query.areaCode) fixed.push([0, query.areaCode]);
  if (query.startsWith) fixed.push([0, query.startsWith]);
  if (query.endsWith) fixed.push([length - query.endsWith.length, query.endsWith]);
  if (query.contains) {
    const pattern = query.contains;
    const positions: number[] = [];
    for (let at = 0; at + pattern.length <= length; at++) if (layout(length, [...fixed, [at, pattern]])) positions.push(at);
    if (!positions.length) return null;
    // Prefer the subscriber part, where a vanity word reads best.
    const after = positions.filter((at) => at >= range.prefix.length);
    fixed.push([pick(random, after.length ? after : positions), pattern]);
  }
  const digits = layout(length, fixed);
  if (!digits) return null;
  return digits.map((digit) => digit ?? String(Math.floor(random() * 10))).join('');
}

function describe(query: AvailableNumberQuery, plan: TypePlan, nationalNumber: string): AvailableNumber | null {
  const callingCode = getCountryCallingCode(query.country as CountryCode);
  const parsed = parsePhoneNumber(`+${callingCode}${nationalNumber}`);
  // North American toll-free codes serve every NANP country; libphonenumber files them under US.
  const sharedTollFree = callingCode === '1' && query.numberType === 'toll_free';
  if (!parsed.isValid() || (parsed.country !== query.country && !sharedTollFree)) return null;
  const type = parsed.getType();
  if (!type || !LIB_TYPES[query.numberType].includes(type)) return null;
  const place = query.numberType === 'local' ? locate(query.country, nationalNumber) : null;
  if (query.numberType === 'local' && !place?.city) return null;
  if (query.region && place?.region !== query.region) return null;
  if (query.city && (!place?.city || placeKey(place.city) !== placeKey(query.city))) return null;
  const area = query.numberType === 'local' ? postalAreaOfNumber(query.country, nationalNumber) : null;
  if (!inPlace(query, area) || !matchesPatterns(query, nationalNumber)) return null;
  return {
    number: parsed.number,
    country: query.country,
    number_type: query.numberType,
    national_format: parsed.formatNational(),
    international_format: parsed.formatInternational(),
    region: place?.region ?? null,
    city: place?.city ?? null,
    postal_code: area?.code ?? null,
    latitude: area?.latitude ?? null,
    longitude: area?.longitude ?? null,
    capabilities: [...plan.capabilities],
    carrier: 'sandbox',
    ...plan.price,
  };
}

/** The search's own seed: everything that shapes the answer but how many are wanted. */
function seedOf(query: AvailableNumberQuery): string {
  const { limit: _limit, ...shape } = query;
  return JSON.stringify(shape);
}

/**
 * Numbers matching the query, in the order the seeded sequence finds them, without
 * repeats; at most maxAttempts tries. The caller drops those already taken.
 */
export function* inventory(query: AvailableNumberQuery, maxAttempts: number): Generator<AvailableNumber> {
  const plan = planFor(query.country, query.numberType);
  if (!plan) return;
  if (!query.capabilities.every((capability) => plan.capabilities.includes(capability))) return;
  const ranges = rangesFor(query, plan);
  if (!ranges.length) return;
  const random = seededRandom(seedOf(query));
  const seen = new Set<string>();
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const nationalNumber = candidate(query, pick(random, ranges), pick(random, plan.lengths), random);
    if (!nationalNumber || seen.has(nationalNumber)) continue;
    seen.add(nationalNumber);
    const offer = describe(query, plan, nationalNumber);
    if (offer) yield offer;
  }
}

/** Whether the sandbox sells this number at all (valid, in a country and type it stocks, placed). */
export function sandboxOffer(number: string): AvailableNumber | null {
  let parsed;
  try {
    parsed = parsePhoneNumber(number);
  } catch {
    return null;
  }
  if (!parsed.isValid() || !parsed.country) return null;
  const type = parsed.getType();
  const numberType = (Object.keys(LIB_TYPES) as SearchableType[]).find((t) => type && LIB_TYPES[t].includes(type));
  if (!numberType) return null;
  const plan = planFor(parsed.country, numberType);
  if (!plan) return null;
  if (plan.prefixes && !plan.prefixes.some((prefix) => parsed.nationalNumber.startsWith(prefix))) return null;
  const query: AvailableNumberQuery = { country: parsed.country, numberType, capabilities: [], limit: 1 };
  return describe(query, plan, parsed.nationalNumber);
}
