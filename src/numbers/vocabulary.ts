/**
 * The vocabulary of a phone number, shared by the database, the services and every API
 * surface. It imports nothing: the table types in src/db type their columns with it.
 */
export const NUMBER_TYPES = ['local', 'mobile', 'toll_free', 'national', 'shared_cost', 'premium_rate', 'voip'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

export const CAPABILITIES = ['voice', 'sms', 'mms', 'fax', 'whatsapp'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const STATUSES = [
  'purchase_pending',
  'purchase_failed',
  'port_pending',
  'port_failed',
  'active',
  'suspended',
  'release_pending',
  'released',
] as const;
export type Status = (typeof STATUSES)[number];

export const CARRIERS = ['sandbox', 'telnyx', 'signalwire', 'twilio', 'sip', 'byoc'] as const;
export type Carrier = (typeof CARRIERS)[number];

export const SOURCES = ['purchased', 'ported', 'imported'] as const;
export type Source = (typeof SOURCES)[number];


export const EMERGENCY_STATUSES = ['active', 'deprovisioning', 'disabled', 'provisioning', 'provisioning_failed'] as const;
export type EmergencyStatus = (typeof EMERGENCY_STATUSES)[number];

export const CALL_SCREENING = ['disabled', 'reject_calls', 'flag_calls'] as const;
export type CallScreening = (typeof CALL_SCREENING)[number];

/** When forwarded calls go to the forwarding number: every call, or only calls not answered. */
export const FORWARDING_TYPES = ['always', 'on_failure'] as const;
export type ForwardingType = (typeof FORWARDING_TYPES)[number];

export const RECORDING_FORMATS = ['wav', 'mp3'] as const;
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];

/** dual: a stereo file, the caller on one channel and the rest of the call on the other. */
export const RECORDING_CHANNELS = ['single', 'dual'] as const;
export type RecordingChannels = (typeof RECORDING_CHANNELS)[number];

/** How a number's voice usage is billed: by the minute, or against the account's concurrent channels. */
export const USAGE_PAYMENT_METHODS = ['per_minute', 'channel'] as const;
export type UsagePaymentMethod = (typeof USAGE_PAYMENT_METHODS)[number];

/**
 * Settings only Telnyx's API speaks of, kept for its clients as they set them: Dialtone stores
 * and shows them, and nothing else acts on them. A setting never set is absent.
 */
export interface TelnyxNumberSettings {
  tech_prefix_enabled?: boolean;
  translated_number?: string;
  rtp_auto_adjust_enabled?: boolean;
  accept_any_rtp_packets_enabled?: boolean;
  messaging_product?: string;
}

/** A number's settings by provider surface. */
export interface ProviderSettings {
  telnyx?: TelnyxNumberSettings;
}
