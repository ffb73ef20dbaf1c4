import { parsePhoneNumberWithError, ParseError, type NumberType as LibNumberType, type PhoneNumber } from 'libphonenumber-js/max';
import { errors, type ErrorDetails } from '../errors/catalogue.js';
import type { NumberType } from '../numbers/vocabulary.js';
import { locate } from '../numbering/geography.js';
import { originalCarrier, placeDescription, timeZones } from '../numbering/numbering-data.js';

/** What the numbering plan says a number is, finer than Dialtone's number_type. */
export const LINE_TYPES = [
  'fixed_line',
  'mobile',
  'fixed_line_or_mobile',
  'toll_free',
  'premium_rate',
  'shared_cost',
  'voip',
  'personal_number',
  'pager',
  'uan',
  'voicemail',
] as const;
export type LineType = (typeof LINE_TYPES)[number];

const LINE_TYPE: Record<NonNullable<LibNumberType>, LineType> = {
  FIXED_LINE: 'fixed_line',
  MOBILE: 'mobile',
  FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile',
  TOLL_FREE: 'toll_free',
  PREMIUM_RATE: 'premium_rate',
  SHARED_COST: 'shared_cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal_number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

/** The line type as Dialtone's number records classify it (src/numbers/e164.ts does the same). */
const NUMBER_TYPE: Record<LineType, NumberType> = {
  fixed_line: 'local',
  fixed_line_or_mobile: 'local',
  mobile: 'mobile',
  toll_free: 'toll_free',
  shared_cost: 'shared_cost',
  premium_rate: 'premium_rate',
  voip: 'voip',
  personal_number: 'national',
  uan: 'national',
  pager: 'national',
  voicemail: 'national',
};

/** Where a geographic number is, as the numbering data names it. */
export interface LookupLocation {
  /** As the data writes it in English: "San Francisco, CA", "London", "Munich". */
  description: string;
  /** As number search names it, in the country's own language where the data has it ("München"); null for an entry naming a whole area. */
  city: string | null;
  /** ISO 3166-2 subdivision code, without the country, where the numbering data or the gazetteer tells it. */
  region: string | null;
}

/** What Dialtone's numbering data knows of a number, whoever holds it. */
export interface NumberLookup {
  /** E.164. */
  number: string;
  /** Whether the number has a length the plan allows. */
  possible: boolean;
  /** Whether the number is in a range the plan assigns. */
  valid: boolean;
  /** ISO 3166-1 alpha-2; null when the calling code is shared and the number is not valid. */
  country: string | null;
  country_calling_code: string;
  national_number: string;
  national_format: string;
  international_format: string;
  line_type: LineType | null;
  number_type: NumberType | null;
  location: LookupLocation | null;
  time_zones: string[];
  /** The carrier the range was assigned to, where the data has it; a ported number may have moved since. */
  original_carrier: string | null;
}

/**
 * The place the numbering data gives a number: its description in English, and the city and
 * region exactly as number search gives them for that number (one geography for both).
 */
function locationOf(parsed: PhoneNumber, callingCode: string): LookupLocation | null {
  const description = placeDescription(callingCode, parsed.nationalNumber);
  if (!description || !parsed.country) return null;
  const place = locate(parsed.country, parsed.nationalNumber);
  return { description, city: place?.city ?? null, region: place?.region ?? null };
}

function parse(input: string, where: ErrorDetails): PhoneNumber {
  const digits = input.trim().replace(/^\+/, '');
  if (!/^[1-9][0-9]{1,16}$/.test(digits)) {
    throw errors.invalidPhoneNumber(`"${input}" is not a phone number: use E.164, e.g. +14155552671.`, where);
  }
  try {
    return parsePhoneNumberWithError(`+${digits}`);
  } catch (error) {
    const reason = error instanceof ParseError ? error.message.toLowerCase().replace(/_/g, ' ') : 'unreadable';
    throw errors.invalidPhoneNumber(`"${input}" is not a phone number (${reason}).`, where);
  }
}

/**
 * Number lookups: type, place, time zones and original carrier of any number, from the
 * numbering data Dialtone ships (libphonenumber's full metadata and its geocoding, carrier
 * and time zone tables). No carrier is called: what only a live query could tell (the carrier
 * of a ported number, the caller name) is not known here.
 */
export class LookupsService {
  /** A number given in E.164 (the + may be left out); anything unreadable as one is an invalid_phone_number. */
  lookup(input: string, where: ErrorDetails = { parameter: 'number' }): NumberLookup {
    const parsed = parse(input, where);
    const callingCode = parsed.countryCallingCode;
    const libType = parsed.getType();
    const valid = libType !== undefined && parsed.isValid();
    const lineType = valid ? LINE_TYPE[libType] : null;
    return {
      number: parsed.number,
      possible: parsed.isPossible(),
      valid,
      country: parsed.country ?? null,
      country_calling_code: callingCode,
      national_number: parsed.nationalNumber,
      national_format: parsed.formatNational(),
      international_format: parsed.formatInternational(),
      line_type: lineType,
      number_type: lineType ? NUMBER_TYPE[lineType] : null,
      location: valid ? locationOf(parsed, callingCode) : null,
      time_zones: valid ? timeZones(callingCode, parsed.nationalNumber) : [],
      original_carrier: valid ? originalCarrier(callingCode, parsed.nationalNumber) : null,
    };
  }
}
