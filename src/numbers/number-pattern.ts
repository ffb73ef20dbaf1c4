import { errors } from '../errors/catalogue.js';

/** What people write around a number's digits: +1 (415) 555-2671. */
const FORMATTING = /[\s+().-]/g;
/** `_` stands for any one digit: LIKE's own single-character wildcard, so it needs no escaping. */
const PATTERN = /^(?=.*[0-9])[0-9_]{1,15}$/;

/**
 * A number filter as a client wrote it, as every surface's list matches it: digits, with `_`
 * for any one digit where the surface documents a wildcard (Twilio's and SignalWire LaML's
 * `*`). Formatting characters are dropped; anything else (letters, %, a lone wildcard) is a
 * 400 naming the parameter, never a filter that silently matches everything.
 */
export function numberPattern(text: string, parameter: string, wildcard?: string): string {
  let pattern = text.replace(FORMATTING, '');
  if (wildcard) pattern = pattern.split(wildcard).join('_');
  if (!PATTERN.test(pattern)) {
    const rule = wildcard ? `digits, with ${wildcard} for any one digit` : 'digits';
    throw errors.validation(`${parameter} must be part of a phone number: ${rule}.`, { parameter });
  }
  return pattern;
}
