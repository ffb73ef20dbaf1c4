/** Values as people read them, in the browser's language. */

const regions = new Intl.DisplayNames(undefined, { type: 'region' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function regionName(country: string): string {
  try {
    return regions.of(country) ?? country;
  } catch {
    return country;
  }
}

export function money(amount: string | null, currency: string): string {
  if (amount === null) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

export const when = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : '—');
export const day = (iso: string | null) => (iso ? dateOnly.format(new Date(iso)) : '—');

/** port_pending → Port pending. */
export function label(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const CAPABILITY_NAMES: Record<string, string> = { voice: 'Voice', sms: 'SMS', mms: 'MMS', fax: 'Fax', whatsapp: 'WhatsApp' };
export const capabilityName = (capability: string) => CAPABILITY_NAMES[capability] ?? label(capability);

/** A field's value in a change: text as it is, nothing as "none", the rest as compact JSON. */
export function changeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
