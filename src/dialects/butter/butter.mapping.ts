import { errors } from '../../errors/catalogue.js';
import type { PhoneNumberRecord } from '../../numbers/phone-number.js';
import { idFromPrefixed, uuidToHex } from '../shared/ids.js';

/** Butter AI shapes of a number: ids are phon_ and the record's uuid as hex. */

/** Butter documents two providers: a number from Twilio is twilio, every other origin a SIP trunk. */
function providerOf(r: PhoneNumberRecord): 'twilio' | 'sip' {
  return r.carrier === 'twilio' ? 'twilio' : 'sip';
}

export function toButterNumber(r: PhoneNumberRecord) {
  return {
    phone_number_id: `phon_${uuidToHex(r.id)}`,
    phone_number: r.number,
    provider: providerOf(r),
    status: r.assigned_agent_id ? 'assigned' : 'free',
    supports_inbound: r.supports_inbound,
    supports_outbound: r.supports_outbound,
    assigned_agent_id: r.assigned_agent_id,
    created_at: r.created_at.toISOString(),
  };
}

/** The record id a phon_ id stands for; an id that cannot be one is not found, like any other. */
export function numberId(phoneNumberId: string): string {
  const id = idFromPrefixed(phoneNumberId, 'phon_');
  if (!id) throw errors.notFound('phone number', phoneNumberId);
  return id;
}
