import type { ChangeNote } from '../changes/journal.js';
import { previousAttributes, REDACTED } from '../changes/journal.js';
import type { EventType } from '../events/event-types.js';
import { toResource } from './numbers.schemas.js';
import type { PhoneNumberRecord } from './phone-number.js';

/** Fields of the resource that change with every write, which no consumer is told of as a change. */
const NOT_A_CHANGE = ['updated_at'] as const;

/**
 * The event a client's change of a number is told by: its assignment or its emergency status
 * when that is what moved (the more specific news first), an update otherwise. Whatever the
 * type, previous_attributes holds every field that changed.
 */
export function changeEventType(before: PhoneNumberRecord, after: PhoneNumberRecord): EventType {
  if (before.assigned_agent_id !== after.assigned_agent_id) {
    return after.assigned_agent_id ? 'phone_number.assigned' : 'phone_number.unassigned';
  }
  if (before.emergency_status !== after.emergency_status) return 'phone_number.emergency_status_changed';
  return 'phone_number.updated';
}

/**
 * A change of a number as its event tells it: the number as it is now in the native API's
 * shape, and, for a number that existed before, the fields that changed as they were.
 * A port-out PIN replaced by another shows only as `external_pin: "[redacted]"` (the resource
 * never shows the PIN, and external_pin_set stays true). Undefined when nothing changed.
 */
export function numberChangeNote(
  type: EventType | null,
  before: PhoneNumberRecord | null,
  after: PhoneNumberRecord,
  pinWritten = false,
): ChangeNote | undefined {
  const now = new Date();
  const data = toResource(after, now) as unknown as Record<string, unknown>;
  let previous: Record<string, unknown> | null = null;
  if (before) {
    previous = previousAttributes(toResource(before, now) as unknown as Record<string, unknown>, data, NOT_A_CHANGE);
    if (pinWritten && before.external_pin_set && after.external_pin_set) previous.external_pin = REDACTED;
    if (Object.keys(previous).length === 0) return undefined;
  }
  return {
    organizationId: after.organization_id,
    type: type ?? changeEventType(before!, after),
    resourceId: after.id,
    resourceVersion: after.version,
    phoneNumber: after.number,
    data,
    previousAttributes: previous,
  };
}
