import { Type, type Static } from 'typebox';
import { CursorPage, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import { ListQuerySchema, Tags, toChanges, toFilters, toResource, UpdateBodySchema, type ListQuery } from '../numbers/numbers.schemas.js';
import { errors } from '../errors/catalogue.js';
import type { BulkJobItemRow } from '../db/schema.js';
import { BULK_ACTIONS, BULK_ITEM_OUTCOMES, BULK_JOB_STATUSES, MAX_LISTED_TARGETS, MAX_WAITED_TARGETS } from './bulk-job.js';
import { emergencySettings, type BulkJob, type BulkJobInput, type BulkTarget, type PreviewItem } from './bulk.service.js';
import { previousAttributes } from '../changes/journal.js';

/** The native /v1 shapes of bulk jobs. */

/** The list's filters, as a body field: the parameters of GET /v1/phone-numbers but its paging and sort. */
const FilterSchema = Type.Omit(ListQuerySchema, ['sort', 'order', 'limit', 'cursor', 'include_total'], {
  additionalProperties: false,
  description: 'Every number these filters of GET /v1/phone-numbers match when the job is made (lists as arrays).',
  example: { status: ['active'], tag: ['campaign-7'] },
});

const Id = Type.String({ format: 'uuid', description: 'A phone number id.', example: '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e' });
const Listed = Type.String({ minLength: 3, maxLength: 32, description: 'A number, in any common form.', example: '+14155552671' });

const EmergencySchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Turn emergency calling on or off.', example: true }),
    address_id: Type.Optional(
      Nullable(
        Type.String({
          minLength: 1,
          maxLength: 200,
          description: 'The emergency address, one of the organization\'s addresses (/v1/addresses): required to turn it on; null or left out to turn it off (each number keeps its address).',
          example: '0b9f7c64-3d2e-4f5a-8b1c-6e7d8f9a0b1c',
        }),
      ),
    ),
  },
  { additionalProperties: false, description: 'update_emergency: the emergency settings every number gets.', example: { enabled: true, address_id: '0b9f7c64-3d2e-4f5a-8b1c-6e7d8f9a0b1c' } },
);

export const CreateJobSchema = Type.Object(
  {
    action: StringEnum(BULK_ACTIONS, {
      description:
        'update: the fields of PATCH in set, and add_tags/remove_tags; update_emergency: emergency calling on (with its address) or off; ' +
        'assign to agent_id; unassign; release (as DELETE does).',
      example: 'update',
    }),
    ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: MAX_LISTED_TARGETS, description: 'The numbers, by id.' })),
    phone_numbers: Type.Optional(Type.Array(Listed, { minItems: 1, maxItems: MAX_LISTED_TARGETS, description: 'The numbers, by number.', example: ['+14155552671'] })),
    filter: Type.Optional(FilterSchema),
    expected_count: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'How many numbers the targets come to (required with filter): if they come to another count, nothing is done (409 count_mismatch).',
        example: 5000,
      }),
    ),
    set: Type.Optional(UpdateBodySchema),
    add_tags: Type.Optional(Tags),
    remove_tags: Type.Optional(Tags),
    agent_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'assign: the agent or application.', example: 'agent_b2c3d4' })),
    emergency: Type.Optional(EmergencySchema),
    dry_run: Type.Optional(Type.Boolean({ description: 'Answer what would change, number by number (paged), and change nothing.' })),
  },
  { additionalProperties: false },
);
export type CreateJobBody = Static<typeof CreateJobSchema>;

export const CreateJobQuerySchema = Type.Object(
  {
    wait: Type.Optional(Type.Boolean({ description: `Run the job before answering, with every number's result (at most ${MAX_WAITED_TARGETS} numbers).` })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'dry_run: numbers per page.' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'dry_run: next_cursor of the previous page (with the same body).' })),
  },
  { additionalProperties: false },
);

/** Fields the action takes none of: refused rather than ignored. */
function only(body: CreateJobBody, fields: readonly (keyof CreateJobBody)[], action: string): void {
  for (const field of fields) {
    if (body[field] !== undefined) throw errors.validation(`${String(field)} does not go with action ${action}.`, { pointer: `/${String(field)}` });
  }
}

/** A request body as a job: its target and what it does, checked beyond the schema. */
export function toJobInput(body: CreateJobBody): BulkJobInput {
  const given = (['ids', 'phone_numbers', 'filter'] as const).filter((field) => body[field] !== undefined);
  if (given.length !== 1) throw errors.validation('Name the numbers with exactly one of ids, phone_numbers or filter.', { pointer: `/${given[1] ?? 'ids'}` });
  if (body.filter && body.expected_count === undefined && !body.dry_run) {
    throw errors.validation('A job over a filter needs expected_count: how many numbers you expect it to match (a dry run tells).', { pointer: '/expected_count' });
  }
  const target: BulkTarget = body.ids ? { ids: body.ids } : body.phone_numbers ? { numbers: body.phone_numbers } : { filters: toFilters(body.filter as ListQuery) };
  const params: BulkJobInput['params'] = {};
  switch (body.action) {
    case 'update':
      only(body, ['agent_id', 'emergency'], 'update');
      if (!body.set && !body.add_tags && !body.remove_tags) throw errors.validation('An update sets fields (set), or adds or removes tags.', { pointer: '/set' });
      if (body.set?.external_pin !== undefined) throw errors.validation('A port-out PIN is set number by number, not in bulk.', { pointer: '/set/external_pin' });
      if (body.set?.tags && (body.add_tags || body.remove_tags)) throw errors.validation('Set tags, or add and remove them: not both.', { pointer: '/set/tags' });
      if (body.set) params.changes = toChanges(body.set);
      if (body.add_tags) params.add_tags = body.add_tags;
      if (body.remove_tags) params.remove_tags = body.remove_tags;
      break;
    case 'update_emergency':
      only(body, ['set', 'add_tags', 'remove_tags', 'agent_id'], 'update_emergency');
      if (!body.emergency) throw errors.validation('update_emergency needs emergency: { enabled, address_id }.', { pointer: '/emergency' });
      params.emergency = emergencySettings(body.emergency);
      break;
    case 'assign':
      only(body, ['set', 'add_tags', 'remove_tags', 'emergency'], 'assign');
      if (!body.agent_id) throw errors.validation('assign needs agent_id.', { pointer: '/agent_id' });
      params.agent_id = body.agent_id;
      break;
    default:
      only(body, ['set', 'add_tags', 'remove_tags', 'agent_id', 'emergency'], body.action);
  }
  const { action, dry_run: _dryRun, expected_count: expectedCount, set, add_tags, remove_tags, agent_id, emergency, ...targetFields } = body;
  return {
    action,
    params,
    target,
    expectedCount,
    request: { target: targetFields as Record<string, unknown>, params: { set, add_tags, remove_tags, agent_id, emergency } },
  };
}


const Counts = Type.Object(
  {
    total: Type.Integer({ description: 'Numbers in the job.', example: 5000 }),
    succeeded: Type.Integer({ description: 'Changed, or already as the job would make them.', example: 4990 }),
    failed: Type.Integer({ description: 'Refused (see the items).', example: 10 }),
    pending: Type.Integer({ description: 'Not worked yet.', example: 0 }),
    canceled: Type.Integer({ description: 'Left out because the job was canceled.', example: 0 }),
  },
  { description: 'The numbers by outcome.' },
);

export const BulkJobSchema = Type.Object({
  id: Uuid('The id of the job.'),
  object: Type.Literal('bulk_job', { description: 'Always bulk_job.' }),
  action: StringEnum(BULK_ACTIONS, { description: 'What the job does to each number.', example: 'update' }),
  status: StringEnum(BULK_JOB_STATUSES, {
    description: 'queued; running; then completed (some number succeeded, or none to do), failed (every number failed) or canceled.',
    example: 'running',
  }),
  target: Type.Record(Type.String(), Type.Unknown(), { description: 'The numbers as they were named: ids, phone_numbers or filter; retry_of for a retry.' }),
  params: Type.Object(
    {
      set: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'update: the fields set.' })),
      add_tags: Type.Optional(Type.Array(Type.String(), { description: 'update: tags added.' })),
      remove_tags: Type.Optional(Type.Array(Type.String(), { description: 'update: tags removed.' })),
      agent_id: Type.Optional(Type.String({ description: 'assign: the agent.', example: 'agent_b2c3d4' })),
      emergency: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'update_emergency: the emergency settings.' })),
    },
    { description: 'What the job does, as it was asked.' },
  ),
  counts: Counts,
  progress: Type.Number({ minimum: 0, maximum: 1, description: 'The share of the numbers worked, 0 to 1.', example: 0.5 }),
  retry_of: Nullable(Uuid('The job whose failed numbers this job tries again.')),
  created_at: Timestamp('When the job was made.'),
  started_at: Nullable(Timestamp('When its first number was worked.')),
  completed_at: Nullable(Timestamp('When it ended.')),
  updated_at: Timestamp('When the job last changed state.'),
});

const ItemError = Nullable(
  Type.Object({
    code: Type.String({ description: 'An error code from the catalogue.', example: 'number_released' }),
    detail: Type.String({ description: 'Why, for a person.', example: '+14155552671 was released from this organization; it can no longer be changed.' }),
  }),
);

export const BulkJobItemSchema = Type.Object({
  position: Type.Integer({ description: 'Its place in the job, from 0.', example: 0 }),
  phone_number_id: Nullable(Uuid('The number; null when what was named is no number of the organization.')),
  phone_number: Type.String({ description: 'The number in E.164 (as given, when it named none).', example: '+14155552671' }),
  outcome: StringEnum(BULK_ITEM_OUTCOMES, { description: 'pending, succeeded, failed or canceled.', example: 'succeeded' }),
  changed: Nullable(Type.Boolean({ description: 'succeeded: whether the number changed (false: it already was so).' })),
  error: ItemError,
  processed_at: Nullable(Timestamp('When it was worked.')),
});

export const CreatedJobSchema = Type.Object({
  ...BulkJobSchema.properties,
  results: Type.Optional(Type.Array(BulkJobItemSchema, { description: 'wait=true: every number\'s result, in order.' })),
});

export const JobIdParams = Type.Object({ id: Uuid('The id of the job.') }, { additionalProperties: false });

export const JobListQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size.', example: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor from the previous page.' })),
  },
  { additionalProperties: false },
);
export const JobListSchema = CursorPage(BulkJobSchema, 'Jobs, newest first.');

export const ItemsQuerySchema = Type.Object(
  {
    outcome: Type.Optional(StringEnum(BULK_ITEM_OUTCOMES, { description: 'Only the numbers of this outcome.', example: 'failed' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Page size.', example: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor from the previous page.' })),
  },
  { additionalProperties: false },
);
export const ItemListSchema = CursorPage(BulkJobItemSchema, 'Per-number results, in job order.');

const Fields = Type.Record(Type.String(), Type.Unknown(), { description: 'The fields that would change.' });
export const PreviewSchema = Type.Object({
  object: Type.Literal('bulk_job_preview', { description: 'Always bulk_job_preview: a dry run; nothing was changed.' }),
  action: StringEnum(BULK_ACTIONS, { description: 'The action previewed.', example: 'update' }),
  count: Type.Integer({ description: 'How many numbers the job would work: the expected_count to send.', example: 5000 }),
  data: Type.Array(
    Type.Object({
      phone_number_id: Nullable(Uuid('The number.')),
      phone_number: Type.String({ description: 'The number in E.164.', example: '+14155552671' }),
      outcome: StringEnum(['would_change', 'unchanged', 'would_fail'] as const, { description: 'What the job would do to it.', example: 'would_change' }),
      before: Fields,
      after: Fields,
      error: ItemError,
    }),
    { description: 'A page of the numbers, in job order: each changed field as it is and as it would be.' },
  ),
  has_more: Type.Boolean({ description: 'Another page follows.' }),
  next_cursor: Nullable(Type.String({ description: 'Send as cursor, with the same body, for the next page.' })),
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toJobResource(job: BulkJob) {
  const { request } = job.params as { request: Record<string, unknown> };
  const counts = { total: job.total, ...job.counts };
  const worked = job.total - job.counts.pending;
  return {
    id: job.id,
    object: 'bulk_job' as const,
    action: job.action,
    status: job.status,
    target: job.target as Record<string, unknown>,
    params: Object.fromEntries(Object.entries(request ?? {}).filter(([, value]) => value !== undefined && value !== null)),
    counts,
    progress: job.total ? Math.round((worked / job.total) * 1000) / 1000 : 1,
    retry_of: job.retry_of,
    created_at: job.created_at.toISOString(),
    started_at: iso(job.started_at),
    completed_at: iso(job.completed_at),
    updated_at: job.updated_at.toISOString(),
  };
}

export function toItemResource(item: BulkJobItemRow) {
  return {
    position: item.position,
    phone_number_id: item.phone_number_id,
    phone_number: item.phone_number,
    outcome: item.outcome,
    changed: item.changed,
    error: item.error_code ? { code: item.error_code, detail: item.error_detail ?? '' } : null,
    processed_at: iso(item.processed_at),
  };
}

/** A dry run's number: the fields the job would change, as they are and as they would be. */
export function toPreviewItem(item: PreviewItem, now = new Date()) {
  const base = { phone_number_id: item.phone_number_id, phone_number: item.phone_number, error: item.error };
  if (!item.before || !item.after) return { ...base, outcome: 'would_fail' as const, before: {}, after: {} };
  const after = toResource(item.after, now) as unknown as Record<string, unknown>;
  const before = previousAttributes(toResource(item.before, now) as unknown as Record<string, unknown>, after, ['updated_at']);
  const changed = Object.fromEntries(Object.keys(before).map((key) => [key, after[key]]));
  return { ...base, outcome: Object.keys(before).length ? ('would_change' as const) : ('unchanged' as const), before, after: changed };
}
