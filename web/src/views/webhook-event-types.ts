import type { PublishedEventType } from './webhooks-api';

/**
 * The event types an endpoint can subscribe to, in words. Keyed by every type the OpenAPI
 * document publishes, so a type added to Dialtone fails to compile here until it is named.
 */
const EVENT_TYPE_NAMES: Record<PublishedEventType, string> = {
  'phone_number.imported': 'Imported or ported in',
  'phone_number.purchase_started': 'Purchase started',
  'phone_number.purchased': 'Purchased',
  'phone_number.purchase_abandoned': 'Purchase abandoned',
  'phone_number.updated': 'Updated',
  'phone_number.assigned': 'Assigned',
  'phone_number.unassigned': 'Unassigned',
  'phone_number.emergency_status_changed': 'Emergency status changed',
  'phone_number.release_requested': 'Release requested',
  'phone_number.released': 'Released',
  'phone_number.release_failed': 'Release failed',
  'phone_number.renewed': 'Renewed',
  'phone_number.renewal_failed': 'Renewal failed',
  'number_order.completed': 'Completed',
  'number_order.failed': 'Failed',
  'bulk_job.completed': 'Ended',
  'webhook_endpoint.disabled': 'Disabled after failures',
  'webhook_endpoint.test': 'Test event',
};

const RESOURCE_NAMES: Record<string, string> = {
  phone_number: 'Phone numbers',
  number_order: 'Number orders',
  bulk_job: 'Bulk jobs',
  webhook_endpoint: 'Webhook endpoints',
};

/** Every event type. */
export const ALL_EVENTS = '*';

export interface EventGroup {
  /** phone_number */
  resource: string;
  /** Phone numbers */
  name: string;
  /** phone_number.*: every type of the resource, those of later versions too. */
  wildcard: string;
  /** Every phone number event */
  every: string;
  types: { type: PublishedEventType; name: string }[];
}

/** The published types grouped by the resource they are about, in the document's order. */
export const EVENT_GROUPS: EventGroup[] = (Object.keys(EVENT_TYPE_NAMES) as PublishedEventType[]).reduce<EventGroup[]>((groups, type) => {
  const resource = type.slice(0, type.indexOf('.'));
  let group = groups.find((candidate) => candidate.resource === resource);
  if (!group) {
    group = { resource, name: RESOURCE_NAMES[resource] ?? resource, wildcard: `${resource}.*`, every: `Every ${resource.replace(/_/g, ' ')} event`, types: [] };
    groups.push(group);
  }
  group.types.push({ type, name: EVENT_TYPE_NAMES[type] });
  return groups;
}, []);

/** Whether a subscription's pattern covers a type: the type itself, `<resource>.*`, or `*` (as Dialtone matches them). */
export function covers(pattern: string, type: string): boolean {
  if (pattern === ALL_EVENTS || pattern === type) return true;
  return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
}

/** A pattern or type in words: "Every phone number event", "Phone numbers: Updated". */
export function describePattern(pattern: string): string {
  if (pattern === ALL_EVENTS) return 'Every event';
  const group = EVENT_GROUPS.find((candidate) => candidate.wildcard === pattern || candidate.types.some((t) => t.type === pattern));
  if (!group) return pattern;
  if (group.wildcard === pattern) return group.every;
  return `${group.name}: ${group.types.find((t) => t.type === pattern)!.name}`;
}

/**
 * The smallest list of patterns for what is ticked: a wildcard replaces the types it covers,
 * `*` replaces everything. Patterns the console does not know are kept as they are.
 */
export function normalizedPatterns(selected: Iterable<string>): string[] {
  const chosen = [...new Set(selected)];
  if (chosen.includes(ALL_EVENTS)) return [ALL_EVENTS];
  return chosen.filter((pattern) => !chosen.some((other) => other !== pattern && other.endsWith('.*') && covers(other, pattern)));
}
