import { errors } from '../errors/catalogue.js';

/** More fields than any form a surface takes (Twilio's richest update has about forty). */
export const MAX_FORM_FIELDS = 1000;

/** How many fields a form body holds, counted before anything is decoded. */
function fieldCount(body: string): number {
  let count = body.length > 0 ? 1 : 0;
  for (let i = body.indexOf('&'); i !== -1; i = body.indexOf('&', i + 1)) count++;
  return count;
}

/**
 * An application/x-www-form-urlencoded body as a null-prototype object, in time linear in its
 * length: a repeated field collects its values in an array. A body of too many fields is
 * refused before any is decoded.
 */
export function parseForm(body: string): Record<string, string | string[]> {
  if (fieldCount(body) > MAX_FORM_FIELDS) {
    throw errors.validation(`The form has more than ${MAX_FORM_FIELDS} fields.`, { pointer: '/' });
  }
  const form: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = form[name];
    if (previous === undefined) form[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else form[name] = [previous, value];
  }
  return form;
}
