/**
 * Every type of event Dialtone emits, by resource. Consumers subscribe to these names, or to
 * wildcards over them (`phone_number.*`, `*`).
 */
export const EVENT_TYPES = [
  'phone_number.imported',
  'phone_number.purchase_started',
  'phone_number.purchased',
  'phone_number.purchase_abandoned',
  'phone_number.updated',
  'phone_number.assigned',
  'phone_number.unassigned',
  'phone_number.emergency_status_changed',
  'phone_number.release_requested',
  'phone_number.released',
  'phone_number.release_failed',
  'phone_number.renewed',
  'phone_number.renewal_failed',
  'number_order.completed',
  'number_order.failed',
  'bulk_job.completed',
  'webhook_endpoint.disabled',
  'webhook_endpoint.test',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The kinds of resource an event is about: the part of its type before the dot. */
export type ResourceType = EventType extends `${infer R}.${string}` ? R : never;

export function resourceTypeOf(type: EventType): ResourceType {
  return type.slice(0, type.indexOf('.')) as ResourceType;
}

/**
 * Whether a subscription's pattern covers a type: the type itself, `<resource>.*`, or `*`.
 * The same rule is written in SQL where deliveries are queued (journal_append, 0008_events_audit_webhooks.sql).
 */
export function typeMatches(pattern: string, type: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
}

/** A pattern a client may subscribe or filter with: a known type, or a wildcard over known types. */
export function isEventPattern(pattern: string): boolean {
  return pattern === '*' || EVENT_TYPES.some((type) => typeMatches(pattern, type));
}
