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
