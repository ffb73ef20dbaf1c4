import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * What a list's search text looks for: a name containing it, a number containing its digits,
 * the number it denotes, or the id it is. Read once here, so the query only matches.
 */
export interface NumberSearch {
  /** As typed (trimmed): found in a name, or an id when it is one. */
  text: string;
  /** The digits of a text written as a number (digits and phone punctuation only), found anywhere in a number. */
  digits?: string;
  /** The numbers (E.164) the text is, in international form or in the national form of a country searched in. */
  numbers?: string[];
}

/** Digits with the punctuation people write numbers with: +44 (20) 4386-6669, 030/6907880, 020.4386.6669. */
const NUMBER_LIKE = /^[+0-9\s().\-/]+$/;
/** E.164 has at most 15 digits; 00 and a trunk 0 may come before them. */
const MAX_DIGITS = 18;

/** The number a text denotes in a country's plan (or in international form), when it is a valid one. */
function numberIn(text: string, country: string | undefined): string | undefined {
  const parsed = parsePhoneNumberFromString(text, country as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * Reads a search. A text written as a number matches by its digits (every non-digit dropped);
 * when it is a valid number it also matches that number exactly: in international form (+ or 00)
 * alone, in national form (020 4386 6669, with its trunk 0) in any of `countries`, the list's
 * country filter, as no other country can be guessed from it.
 */
export function numberSearch(input: string, countries: readonly string[] = []): NumberSearch {
  const text = input.trim();
  const digits = text.replace(/\D/g, '');
  if (!NUMBER_LIKE.test(text) || !digits || digits.length > MAX_DIGITS) return { text };
  // 00 is the international call prefix in most of the world: 0044... means +44...
  const written = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const hints = written.startsWith('+') ? [undefined] : countries;
  const numbers = [...new Set(hints.map((country) => numberIn(written, country)).filter((n): n is string => n !== undefined))];
  return numbers.length ? { text, digits, numbers } : { text, digits };
}
