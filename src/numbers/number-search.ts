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
  /**
   * A national number's digits after its trunk 0 (020 4386 6669 gives 2043866669), found
   * anywhere in a number: how a number in national form is found when no country is searched in.
   */
  significant?: string;
  /** The numbers (E.164) the text is, in international form or in the national form of a country searched in. */
  numbers?: string[];
}

/** Digits with the punctuation people write numbers with: +44 (20) 4386-6669, 030/6907880, 020.4386.6669. */
const NUMBER_LIKE = /^[+0-9\s().\-/]+$/;
/** E.164 has at most 15 digits; 00 and a trunk 0 may come before them. */
const MAX_DIGITS = 18;
/** The fewest digits after a trunk 0 read as a national number rather than as a fragment of one. */
const MIN_SIGNIFICANT = 6;

/** The number a text denotes in a country's plan (or in international form), when it is a valid one. */
function numberIn(text: string, country: string | undefined): string | undefined {
  const parsed = parsePhoneNumberFromString(text, country as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * Reads a search. A text written as a number matches by its digits (every non-digit dropped),
 * and in national form with a trunk 0 (020 4386 6669) by the digits after it too; when it is a
 * valid number it also matches that number exactly: in international form (+ or 00) alone, in
 * national form in any of `countries`, the list's country filter.
 */
export function numberSearch(input: string, countries: readonly string[] = []): NumberSearch {
  const text = input.trim();
  const digits = text.replace(/\D/g, '');
  if (!NUMBER_LIKE.test(text) || !digits || digits.length > MAX_DIGITS) return { text };
  // 00 is the international call prefix in most of the world: 0044... means +44...
  const written = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const hints = written.startsWith('+') ? [undefined] : countries;
  const numbers = [...new Set(hints.map((country) => numberIn(written, country)).filter((n): n is string => n !== undefined))];
  const search: NumberSearch = { text, digits };
  // A trunk 0 (not 00) before a whole national number: most plans outside North America dial one.
  const trunk = /^0[1-9]/.test(digits) && !written.startsWith('+') && digits.length - 1 >= MIN_SIGNIFICANT;
  if (trunk) search.significant = digits.slice(1);
  if (numbers.length) search.numbers = numbers;
  return search;
}
