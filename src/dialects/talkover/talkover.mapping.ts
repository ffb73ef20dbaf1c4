import type { NumberFilters } from '../../numbers/list-query.js';
import { numberSearch } from '../../numbers/number-search.js';
import { daysUntilRenewal, isDueForRenewal, type Capability, type PhoneNumberRecord, type Status } from '../../numbers/phone-number.js';
import { asBoolean } from '../shared/query.js';
import type { TalkoverListQuery } from './talkover.schemas.js';

const STATUS: Record<Status, string> = {
  active: 'active',
  suspended: 'suspended',
  purchase_pending: 'pending',
  port_pending: 'pending',
  purchase_failed: 'inactive',
  port_failed: 'inactive',
  // On its way out, not yet gone: like a pending purchase, a change still in flight.
  release_pending: 'pending',
  released: 'inactive',
};

/** A number's type is its main use: voice when it has it, else its first capability. */
function typeOf(r: PhoneNumberRecord): string {
  return r.capabilities.includes('voice') ? 'voice' : (r.capabilities[0] ?? 'voice');
}

const price = (money: string | null) => (money === null ? 0 : Number(money));

/** The date `months` calendar months after `start`, on the same day or the month's last (UTC). */
function addMonths(start: Date, months: number): Date {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(start);
  date.setUTCFullYear(year, month, Math.min(start.getUTCDate(), lastDay));
  return date;
}

/**
 * When the number next renews: its billing date; a number Dialtone does not bill (one imported
 * from elsewhere) renews monthly from the day it came, at no cost, so its next monthly
 * anniversary after now. Talkover documents the date as a date, always present.
 */
function renewalOf(r: PhoneNumberRecord, now: Date): Date {
  if (r.next_billing_date) return r.next_billing_date;
  const start = r.purchased_at ?? r.created_at;
  let months = (now.getUTCFullYear() - start.getUTCFullYear()) * 12 + now.getUTCMonth() - start.getUTCMonth();
  while (addMonths(start, months).getTime() <= now.getTime()) months += 1;
  return addMonths(start, months);
}

export function toTalkoverNumber(r: PhoneNumberRecord, now = new Date()) {
  const has = (capability: Capability) => r.capabilities.includes(capability);
  const renewal = { next_billing_date: renewalOf(r, now) };
  return {
    id: r.id,
    number: r.number,
    country_code: r.country,
    formatted_number: r.national_format,
    international_number: r.international_format,
    type: typeOf(r),
    has_voice: has('voice'),
    has_sms: has('sms'),
    has_mms: has('mms'),
    has_fax: has('fax'),
    has_whatsapp: has('whatsapp'),
    current_status: STATUS[r.status],
    is_sandbox: r.is_sandbox,
    current_price: price(r.monthly_cost),
    currency: r.currency,
    renewal_date: renewal.next_billing_date.toISOString().slice(0, 10),
    auto_renewal: r.auto_renew,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    monthly_renewal_cost: price(r.monthly_cost),
    days_until_monthly_renewal: daysUntilRenewal(renewal, now) ?? 0,
    is_due_for_monthly_renewal: isDueForRenewal(renewal, now),
  };
}

/**
 * A Talkover list query as the shared list's filters, all applied in the database: a
 * capability had or not had, and a type (voice when the number has voice, else its first
 * capability, as typeOf renders it).
 */
export function toFilters(q: TalkoverListQuery): NumberFilters {
  const capability: Capability[] = [];
  const withoutCapability: Capability[] = [];
  const flags = [
    ['voice', asBoolean(q.has_voice)],
    ['whatsapp', asBoolean(q.has_whatsapp)],
  ] as const;
  for (const [name, wanted] of flags) {
    if (wanted === true) capability.push(name);
    if (wanted === false) withoutCapability.push(name);
  }
  const filters: NumberFilters = {};
  if (q.type === 'voice') capability.push('voice');
  else if (q.type) {
    withoutCapability.push('voice');
    filters.firstCapability = q.type;
  }
  if (capability.length) filters.capability = capability;
  if (withoutCapability.length) filters.withoutCapability = withoutCapability;
  if (q.search) filters.search = numberSearch(q.search);
  return filters;
}
