import type { operations } from '../api/openapi';
import { label } from '../format';
import { listQuery, splitList } from './numbers-query';

/**
 * The numbers table's bulk actions as requests of the bulk-jobs API (/v1/phone-numbers/jobs):
 * what the user chose, over which numbers, as the body the API takes; and the API's answers as
 * the console reads them.
 */

type Json<O extends keyof operations, S extends number> = operations[O]['responses'] extends Record<S, { content: { 'application/json': infer T } }>
  ? T
  : never;

export type JobBody = NonNullable<operations['bulk_jobs.create']['requestBody']>['content']['application/json'];
export type JobFilter = NonNullable<JobBody['filter']>;
export type BulkJob = Json<'bulk_jobs.get', 200>;
export type JobItem = Json<'bulk_jobs.items', 200>['data'][number];
export type Preview = Extract<Json<'bulk_jobs.create', 200>, { object: 'bulk_job_preview' }>;
export type PreviewItem = Preview['data'][number];
type SetFields = NonNullable<JobBody['set']>;
export type VoiceRouting = NonNullable<SetFields['voice']>;
export type MessagingRouting = NonNullable<SetFields['messaging']>;
export type VoiceHandler = VoiceRouting['handler'];
export type MessagingHandler = MessagingRouting['handler'];

/** The numbers a bulk action works on: those ticked (by id), or every number the view's filters match. */
export type Target = { kind: 'ids'; ids: string[] } | { kind: 'filter'; filter: JobFilter; count: number };

/** What a bulk action does, as the user chose it. */
export type Change =
  | { kind: 'tags'; add: string[]; remove: string[] }
  | { kind: 'assign'; agentId: string }
  | { kind: 'unassign' }
  | { kind: 'routing'; voice?: VoiceRouting; messaging?: MessagingRouting }
  | { kind: 'auto_renew'; on: boolean }
  | { kind: 'release' };

/** The view's filters as a job's filter: the list's parameters without its paging and sort. */
export function filterOf(query: URLSearchParams): JobFilter {
  const { sort: _sort, order: _order, limit: _limit, cursor: _cursor, include_total: _total, ...filter } = listQuery(query);
  return filter;
}

/** The request body of a job (or of its dry run) doing `change` to `target`. */
export function jobBody(change: Change, target: Target, options: { dryRun?: boolean; expectedCount?: number } = {}): JobBody {
  const targets: Pick<JobBody, 'ids' | 'filter' | 'expected_count'> =
    target.kind === 'ids' ? { ids: target.ids } : { filter: target.filter, ...(options.expectedCount !== undefined ? { expected_count: options.expectedCount } : {}) };
  const extra = options.dryRun ? { dry_run: true } : {};
  switch (change.kind) {
    case 'tags':
      return {
        action: 'update',
        ...targets,
        ...(change.add.length ? { add_tags: change.add } : {}),
        ...(change.remove.length ? { remove_tags: change.remove } : {}),
        ...extra,
      };
    case 'assign':
      return { action: 'assign', agent_id: change.agentId, ...targets, ...extra };
    case 'unassign':
      return { action: 'unassign', ...targets, ...extra };
    case 'routing':
      return {
        action: 'update',
        ...targets,
        set: { ...(change.voice ? { voice: change.voice } : {}), ...(change.messaging ? { messaging: change.messaging } : {}) },
        ...extra,
      };
    case 'auto_renew':
      return { action: 'update', ...targets, set: { renewal: { auto_renew: change.on } }, ...extra };
    case 'release':
      return { action: 'release', ...targets, ...extra };
  }
}

/** What the action does, in a few words, for headings and the job's summary. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'tags': {
      const parts = [change.add.length ? `add ${change.add.join(', ')}` : '', change.remove.length ? `remove ${change.remove.join(', ')}` : ''];
      return `Tags: ${parts.filter(Boolean).join('; ')}`;
    }
    case 'assign':
      return `Assign to ${change.agentId}`;
    case 'unassign':
      return 'Unassign';
    case 'routing':
      return `Routing: ${[change.voice ? `voice to ${label(change.voice.handler)}` : '', change.messaging ? `messaging to ${label(change.messaging.handler)}` : ''].filter(Boolean).join(', ')}`;
    case 'auto_renew':
      return `Auto-renew ${change.on ? 'on' : 'off'}`;
    case 'release':
      return 'Release';
  }
}

/** Comma-separated tags as a list: trimmed, without blanks or repeats. */
export const splitTags = splitList;

/**
 * A routing setting as PATCH takes it: a webhook needs its URL, any other handler (but none)
 * the target it hands over to; the rest of the setting is left out.
 */
export function routing<H extends string>(handler: H, address: string): { handler: H; url?: string; target?: string } {
  if (handler === 'none') return { handler };
  if (handler === 'webhook') return { handler, url: address.trim() };
  return { handler, target: address.trim() };
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A dry run's fields as they are and as they would be, one line per changed value: an object
 * (renewal, voice, assignment) shows only its members that change, named "renewal auto renew".
 */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const lines: FieldChange[] = [];
  for (const field of Object.keys(before)) {
    const from = before[field];
    const to = after[field];
    if (isRecord(from) && isRecord(to)) {
      for (const member of new Set([...Object.keys(from), ...Object.keys(to)])) {
        if (!same(from[member], to[member])) lines.push({ field: `${label(field)} ${member.replace(/_/g, ' ')}`, before: from[member], after: to[member] });
      }
    } else if (!same(from, to)) {
      lines.push({ field: label(field), before: from, after: to });
    }
  }
  return lines;
}

/** A key for an Idempotency-Key header: random, and made without crypto.randomUUID (absent outside secure contexts). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** A job that may still change: polled until it ends. */
export const isActive = (job: BulkJob) => job.status === 'queued' || job.status === 'running';

/** The handlers the routing action offers, checked against the API's types. */
export const VOICE_HANDLERS = [
  'none',
  'webhook',
  'application',
  'sip_endpoint',
  'agent',
  'ai_agent',
  'call_flow',
  'dialogflow',
  'video_room',
  'relay_context',
  'relay_topic',
  'relay_script',
  'relay_application',
  'relay_connector',
  'relay_verto_endpoint',
] as const satisfies readonly VoiceHandler[];
export const MESSAGING_HANDLERS = [
  'none',
  'webhook',
  'application',
  'messaging_profile',
  'relay_context',
  'relay_topic',
  'relay_application',
] as const satisfies readonly MessagingHandler[];
