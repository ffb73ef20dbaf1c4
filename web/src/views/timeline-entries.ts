import type { ApiEvent, AuditRecord } from '../api/client';

/**
 * A number's history as one list: each change once (its event, with the audit record that
 * tells who made it and through what), and each refused attempt (an audit record alone).
 */
export interface Change {
  field: string;
  from: unknown;
  to: unknown;
}

export interface TimelineEntry {
  id: string;
  at: string;
  title: string;
  outcome: 'succeeded' | 'refused';
  who: string;
  surface: string;
  changes: Change[];
  requestId: string | null;
}

export const SURFACES: Record<string, string> = {
  native: 'the Dialtone API',
  cli: 'the command line',
  job: 'a background job',
  telnyx: 'the Telnyx-compatible API',
  twilio: 'the Twilio-compatible API',
  'signalwire-laml': 'the SignalWire LaML API',
  'signalwire-relay': 'the SignalWire RELAY API',
  butter: 'the Butter AI-compatible API',
  talkover: 'the Talkover-compatible API',
};
export const surfaceName = (surface: string) => SURFACES[surface] ?? `the ${surface} API`;

/** Who acted, in words: an API key by its prefix, the operator, or Dialtone's own job. */
export function who(actor: { type: string; prefix?: string | null; name?: string | null; id?: string | null }): string {
  switch (actor.type) {
    case 'api_key':
      return `API key ${actor.prefix ?? actor.id ?? ''}`.trim();
    case 'operator':
      return 'the operator';
    case 'system':
      return `Dialtone${actor.name || actor.id ? ` (${actor.name ?? actor.id})` : ''}`;
    default:
      return 'an unauthenticated caller';
  }
}

const TITLES: Record<string, string> = {
  created: 'Added',
  updated: 'Updated',
  released: 'Released',
  imported: 'Imported',
  assigned: 'Assigned',
  unassigned: 'Unassigned',
  renewed: 'Renewed',
};
function titleOf(type: string): string {
  const verb = type.slice(type.indexOf('.') + 1);
  return TITLES[verb] ?? verb.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Field by field, what an event changed: previous_attributes against the resource after. */
function eventChanges(event: ApiEvent): Change[] {
  const before = (event.previous_attributes ?? {}) as Record<string, unknown>;
  const after = event.data as Record<string, unknown>;
  return Object.keys(before).map((field) => ({ field, from: before[field], to: after[field] }));
}

function auditChanges(record: AuditRecord): Change[] {
  return Object.entries(record.changes ?? {}).map(([field, change]) => ({ field, from: change.from, to: change.to }));
}

export function timelineEntries(events: readonly ApiEvent[], records: readonly AuditRecord[]): TimelineEntry[] {
  const byEvent = new Map(records.filter((r) => r.event_id).map((r) => [r.event_id!, r]));
  const entries: TimelineEntry[] = events.map((event) => {
    const record = byEvent.get(event.id);
    const changes = record?.changes ? auditChanges(record) : eventChanges(event);
    return {
      id: event.id,
      at: event.created_at,
      title: titleOf(event.type),
      outcome: 'succeeded',
      who: who(event.actor),
      surface: surfaceName(event.surface),
      changes,
      requestId: event.request_id,
    };
  });
  const told = new Set(events.map((event) => event.id));
  for (const record of records) {
    if (record.event_id && told.has(record.event_id)) continue;
    if (!record.event_id && record.outcome === 'succeeded' && !record.changes) continue;
    entries.push({
      id: record.id,
      at: record.created_at,
      title: record.outcome === 'refused' ? `Refused: ${record.action}${record.error_code ? ` (${record.error_code})` : ''}` : titleOf(record.action),
      outcome: record.outcome,
      who: who({ type: record.actor.type, prefix: record.actor.key_prefix, id: record.actor.id }),
      surface: surfaceName(record.surface),
      changes: auditChanges(record),
      requestId: record.request_id,
    });
  }
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
