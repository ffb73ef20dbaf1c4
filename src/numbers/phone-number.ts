import type { PhoneNumberRow } from '../db/schema.js';
import { errors } from '../errors/catalogue.js';

export * from './vocabulary.js';
import { STATUSES, type Status } from './vocabulary.js';

/** The longest friendly name a number may carry (the database checks it too). */
export const FRIENDLY_NAME_MAX_LENGTH = 200;

export const EMERGENCY_STATUSES = ['active', 'deprovisioning', 'disabled', 'provisioning', 'provisioning_failed'] as const;
export const CALL_SCREENING = ['disabled', 'reject_calls', 'flag_calls'] as const;

/** A phone number as stored: the one record every surface renders from. */
export type PhoneNumberRecord = PhoneNumberRow;

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
