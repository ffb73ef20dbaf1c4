import { daysUntilRenewal, isDueForRenewal, type PhoneNumberRecord, type Status } from '../../numbers/phone-number.js';
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

export function toTalkoverNumber(r: PhoneNumberRecord, now = new Date()) {
  const has = (capability: string) => r.capabilities.includes(capability);
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
    current_status: STATUS[r.status as Status],
    is_sandbox: r.is_sandbox,
    current_price: price(r.monthly_cost),
    currency: r.currency,
    // A number with no billing date (one imported from elsewhere) has no renewal date either.
    renewal_date: r.next_billing_date ? r.next_billing_date.toISOString().slice(0, 10) : '',
    auto_renewal: r.auto_renew,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    monthly_renewal_cost: price(r.monthly_cost),
    days_until_monthly_renewal: daysUntilRenewal(r, now) ?? 0,
    is_due_for_monthly_renewal: isDueForRenewal(r, now),
  };
}

/** The parts of a Talkover filter the shared list cannot express: a type, or a missing capability. */
export function matchesTalkoverFilter(r: PhoneNumberRecord, q: TalkoverListQuery): boolean {
  if (q.type && typeOf(r) !== q.type) return false;
  if (asBoolean(q.has_voice) === false && r.capabilities.includes('voice')) return false;
  if (asBoolean(q.has_whatsapp) === false && r.capabilities.includes('whatsapp')) return false;
  return true;
}
