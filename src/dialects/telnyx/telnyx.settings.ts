import type { NumberChanges } from '../../numbers/numbers.service.js';
import type { Capability, PhoneNumberRecord } from '../../numbers/phone-number.js';
import { telnyxId } from './telnyx.mapping.js';
import type { MessagingSettingsBody, VoiceSettingsBody } from './telnyx.schemas.js';

/**
 * The voice and messaging settings views of a number. Dialtone keeps the switches; the
 * details it does not model (recording format, RTP tuning) are shown at Telnyx's defaults
 * and cannot be changed here.
 */

export function toVoiceSettings(r: PhoneNumberRecord) {
  return {
    id: telnyxId(r),
    record_type: 'voice_settings',
    phone_number: r.number,
    ...(r.connection_id ? { connection_id: r.connection_id } : {}),
    ...(r.customer_reference ? { customer_reference: r.customer_reference } : {}),
    call_forwarding: { call_forwarding_enabled: r.call_forwarding_enabled },
    call_recording: {
      inbound_call_recording_enabled: r.call_recording_enabled,
      inbound_call_recording_channels: 'single',
      inbound_call_recording_format: 'wav',
    },
    cnam_listing: { cnam_listing_enabled: r.cnam_listing_enabled },
    emergency: {
      emergency_enabled: r.emergency_enabled,
      emergency_status: r.emergency_status.replace(/_/g, '-'),
      ...(r.emergency_address_id ? { emergency_address_id: r.emergency_address_id } : {}),
    },
    inbound_call_screening: r.inbound_call_screening,
    media_features: { t38_fax_gateway_enabled: r.t38_fax_gateway_enabled, rtp_auto_adjust_enabled: true, accept_any_rtp_packets_enabled: false },
    tech_prefix_enabled: false,
    translated_number: '',
    usage_payment_method: 'pay-per-minute',
  };
}

export function voiceChanges(body: VoiceSettingsBody): NumberChanges {
  const changes: NumberChanges = {};
  const set = <K extends keyof NumberChanges>(key: K, value: NumberChanges[K] | undefined) => {
    if (value !== undefined) changes[key] = value;
  };
  set('call_forwarding_enabled', body.call_forwarding?.call_forwarding_enabled);
  set('call_recording_enabled', body.call_recording?.inbound_call_recording_enabled);
  set('cnam_listing_enabled', body.cnam_listing?.cnam_listing_enabled);
  set('caller_id_name_enabled', body.caller_id_name_enabled);
  set('t38_fax_gateway_enabled', body.media_features?.t38_fax_gateway_enabled);
  set('inbound_call_screening', body.inbound_call_screening);
  return changes;
}

export function toMessagingSettings(r: PhoneNumberRecord) {
  const has = (capability: Capability) => r.capabilities.includes(capability);
  return {
    id: telnyxId(r),
    record_type: 'messaging_settings',
    phone_number: r.number,
    country_code: r.country,
    messaging_profile_id: r.messaging_profile_id,
    organization_id: r.organization_id,
    tags: r.tags,
    type: r.number_type === 'toll_free' ? 'toll-free' : 'long-code',
    eligible_messaging_products: has('sms') || has('mms') ? ['A2P'] : [],
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

export function messagingChanges(body: MessagingSettingsBody): NumberChanges {
  const changes: NumberChanges = {};
  if (body.messaging_profile_id !== undefined) changes.messaging_profile_id = body.messaging_profile_id || null;
  if (body.tags !== undefined) changes.tags = body.tags;
  return changes;
}
