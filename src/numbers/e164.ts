import { parsePhoneNumberWithError, ParseError, type CountryCode, type NumberType as LibNumberType } from 'libphonenumber-js/max';
import { errors, type ErrorDetails } from '../errors/catalogue.js';
import type { NumberType } from './phone-number.js';

export interface ParsedNumber {
  /** E.164, e.g. +14155552671. */
  number: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  number_type: NumberType;
  national_format: string;
  international_format: string;
}

const typeMap: Record<NonNullable<LibNumberType>, NumberType> = {
  FIXED_LINE: 'local',
  FIXED_LINE_OR_MOBILE: 'local',
  MOBILE: 'mobile',
  TOLL_FREE: 'toll_free',
  SHARED_COST: 'shared_cost',
  PREMIUM_RATE: 'premium_rate',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'national',
  UAN: 'national',
  PAGER: 'national',
  VOICEMAIL: 'national',
};

/**
 * Normalizes what people type (+1 (415) 555-2671, 0044 20 7183 8750, 415-555-2671 with a
 * country) to E.164 and derives country, type and display forms from the numbering plan.
 * Anything that is not a valid, dialable number is rejected with the reason.
 */
export function parsePhoneNumber(
  input: string,
  defaultCountry?: string,
  where: ErrorDetails = { pointer: '/number' },
): ParsedNumber {
  const trimmed = input.trim();
  if (!/^[+0-9\s().\-/]{3,32}$/.test(trimmed)) {
    throw errors.invalidPhoneNumber(`"${input}" is not a phone number: use E.164, e.g. +14155552671.`, where);
  }
  // 00 is the international call prefix in most of the world: 0044... means +44...
  const international = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  if (!international.startsWith('+') && !defaultCountry) {
    throw errors.invalidPhoneNumber(
      `"${input}" has no country code: write it in E.164 (+ and the country code) or give its country.`,
      where,
    );
  }
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(international, defaultCountry as CountryCode | undefined);
  } catch (error) {
    const reason = error instanceof ParseError ? error.message.toLowerCase().replace(/_/g, ' ') : 'unreadable';
    throw errors.invalidPhoneNumber(`"${input}" is not a phone number (${reason}).`, where);
  }
  // With the full metadata a number is valid exactly when it has a type: one pass over the
  // plan's patterns instead of isValid() and getType() each making it.
  const libType = parsed.getType();
  if (!libType || !parsed.country) {
    throw errors.invalidPhoneNumber(
      `${parsed.number} is not a valid number in any numbering plan${parsed.country ? ` (${parsed.country})` : ''}.`,
      where,
    );
  }
  return {
    number: parsed.number,
    country: parsed.country,
    number_type: typeMap[libType],
    national_format: parsed.formatNational(),
    international_format: parsed.formatInternational(),
  };
}
