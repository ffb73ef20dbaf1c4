import { errors } from '../errors/catalogue.js';
import type { MessagingRouting, VoiceRouting } from './routing.js';

export * from './vocabulary.js';
import {
  STATUSES,
  type CallScreening,
  type Capability,
  type Carrier,
  type EmergencyStatus,
  type ForwardingType,
  type NumberType,
  type ProviderSettings,
  type RecordingChannels,
  type RecordingFormat,
  type Source,
  type Status,
  type UsagePaymentMethod,
} from './vocabulary.js';

/** The longest friendly name a number may carry (the database checks it too). */
export const FRIENDLY_NAME_MAX_LENGTH = 200;


/**
 * A phone number as Dialtone knows it: the one record every surface renders from. The table
 * (src/db/schema.ts) stores it, with the PIN's columns beside it that no record carries; the
 * numbers repository fails to compile if the two drift apart.
 */
export interface PhoneNumberRecord {
  id: string;
  /** The numeric id, for the surfaces whose ids are digit strings. */
  seq: number;
  organization_id: string;
  /** E.164. */
  number: string;
  country: string;
  number_type: NumberType;
  national_format: string;
  international_format: string;
  friendly_name: string | null;
  capabilities: Capability[];
  supports_inbound: boolean;
  supports_outbound: boolean;
  status: Status;
  carrier: Carrier;
  source: Source;
  is_sandbox: boolean;
  tags: string[];
  customer_reference: string | null;
  connection_id: string | null;
  connection_name: string | null;
  billing_group_id: string | null;
  messaging_profile_id: string | null;
  messaging_profile_name: string | null;
  emergency_enabled: boolean;
  emergency_address_id: string | null;
  emergency_status: EmergencyStatus;
  /** The organization's address the number is registered at (regulatory), if any. */
  address_id: string | null;
  /** The regulatory identity and bundle the number was filed with, as the client named them. */
  identity_sid: string | null;
  bundle_sid: string | null;
  call_forwarding_enabled: boolean;
  /** E.164: where forwarded calls go; none, no call is forwarded. */
  call_forwarding_to: string | null;
  call_forwarding_type: ForwardingType;
  cnam_listing_enabled: boolean;
  /** The caller name listed for the number: up to 15 letters, digits or spaces. */
  cnam_listing_details: string | null;
  caller_id_name_enabled: boolean;
  call_recording_enabled: boolean;
  call_recording_format: RecordingFormat;
  call_recording_channels: RecordingChannels;
  usage_payment_method: UsagePaymentMethod;
  provider_settings: ProviderSettings;
  t38_fax_gateway_enabled: boolean;
  hd_voice_enabled: boolean;
  inbound_call_screening: CallScreening;
  deletion_lock_enabled: boolean;
  /** A port-out PIN is set; the PIN itself never leaves the table. */
  external_pin_set: boolean;
  voice_routing: VoiceRouting;
  messaging_routing: MessagingRouting;
  assigned_agent_id: string | null;
  assigned_at: Date | null;
  /** Money travels as decimal strings, so no precision is lost. */
  monthly_cost: string | null;
  upfront_cost: string | null;
  currency: string;
  auto_renew: boolean;
  next_billing_date: Date | null;
  created_at: Date;
  updated_at: Date;
  purchased_at: Date | null;
  released_at: Date | null;
  /** While release_pending: the status a refused release goes back to. */
  release_from: Status | null;
  /** While release_pending: when the latest carrier call for the release began. */
  release_started_at: Date | null;
  /** One more at every change: an event's resource_version. */
  version: number;
}

/**
 * The lifecycle. A purchase or port settles into active or fails; an active number can be
 * suspended and resumed; anything but a pending purchase can be released, which is final
 * (the number may be taken again as a new record). A number bought through a carrier passes
 * through release_pending while the carrier lets it go, and goes back where it was if the
 * carrier refuses.
 */
const TRANSITIONS: Record<Status, readonly Status[]> = {
  purchase_pending: ['active', 'purchase_failed'],
  purchase_failed: ['released', 'release_pending'],
  port_pending: ['active', 'port_failed', 'released', 'release_pending'],
  port_failed: ['port_pending', 'released', 'release_pending'],
  active: ['suspended', 'released', 'release_pending'],
  suspended: ['active', 'released', 'release_pending'],
  release_pending: ['released', 'purchase_failed', 'port_pending', 'port_failed', 'active', 'suspended'],
  released: [],
};

/** Statuses a client may ask for directly; the others are reached through orders, ports and release. */
export const CLIENT_SETTABLE_STATUSES = ['active', 'suspended', 'port_pending'] as const satisfies readonly Status[];

export function allowedTransitions(from: Status): readonly Status[] {
  return TRANSITIONS[from];
}

export function assertTransition(from: Status, to: Status): void {
  if (from === to) return;
  if (!TRANSITIONS[from].includes(to)) throw errors.invalidStatusTransition(from, to, TRANSITIONS[from]);
}

/** Numbers count as held (routable, unique across organizations) until released. */
export function isHeld(status: Status): boolean {
  return status !== 'released';
}

/** Held numbers that may be given to an agent: not on their way out. */
export const ASSIGNABLE_STATUSES = STATUSES.filter((status) => status !== 'released' && status !== 'release_pending');

const DAY_MS = 86_400_000;

/** Whole days from now until the next billing date (0 when due or past), or null without one. */
export function daysUntilRenewal(record: Pick<PhoneNumberRecord, 'next_billing_date'>, now = new Date()): number | null {
  if (!record.next_billing_date) return null;
  return Math.max(0, Math.ceil((record.next_billing_date.getTime() - now.getTime()) / DAY_MS));
}

export function isDueForRenewal(record: Pick<PhoneNumberRecord, 'next_billing_date'>, now = new Date()): boolean {
  return record.next_billing_date !== null && record.next_billing_date.getTime() <= now.getTime();
}
