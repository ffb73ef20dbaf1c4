import type { BulkAction, BulkJobStatus } from '../../bulk/bulk-job.js';
import { emergencySettings, type BulkJob, type BulkJobInput, type BulkTarget, type ItemWithSeq, type JobPageQuery } from '../../bulk/bulk.service.js';
import { errors, type ErrorCode } from '../../errors/catalogue.js';
import { parsePhoneNumber } from '../../numbers/e164.js';
import type { NumberChanges } from '../../numbers/numbers.service.js';
import { telnyxError } from './telnyx.errors.js';
import {
  TELNYX_MAX_JOB_NUMBERS,
  type DeleteJobBody,
  type EmergencyJobBody,
  type JobListQuery,
  type TelnyxJobStatus,
  type TelnyxJobType,
  type UpdateJobBody,
  type UpdateJobQuery,
} from './telnyx.jobs.schemas.js';
import { telnyxOnlyVoiceSettings, toFiltersWithBundle, voiceSettingChanges } from './telnyx.mapping.js';

/**
 * Telnyx's phone-number jobs as Dialtone's bulk jobs seen through the Telnyx dialect: the job
 * types as bulk actions, the job's numbers and their outcomes as its items.
 */

/** Each bulk action as the Telnyx job type that tells it; assigning to an agent is an update of the number. */
const TYPE_OF: Record<BulkAction, TelnyxJobType> = {
  update: 'update_phone_numbers',
  assign: 'update_phone_numbers',
  unassign: 'update_phone_numbers',
  update_emergency: 'update_emergency_settings',
  release: 'delete_phone_numbers',
};

/** A canceled job will not finish: Telnyx's word for a job that ended without working every number. */
const STATUS_OF: Record<BulkJobStatus, TelnyxJobStatus> = {
  queued: 'pending',
  running: 'in_progress',
  completed: 'completed',
  failed: 'failed',
  canceled: 'expired',
};

const invert = <K extends string, V extends string>(map: Record<K, V>, value: V): K[] =>
  (Object.keys(map) as K[]).filter((key) => map[key] === value);

/** The list's filters and order as a page of bulk jobs. */
export function toJobPageQuery(q: JobListQuery, pageNumber: number, size: number): JobPageQuery {
  const f = q.filter ?? {};
  const query: JobPageQuery = { order: q.sort === 'created_at' ? 'asc' : 'desc', offset: (pageNumber - 1) * size, limit: size };
  if (f.type) query.actions = invert(TYPE_OF, f.type);
  if (f.status) query.statuses = [...new Set(f.status.split(','))].flatMap((status) => invert(STATUS_OF, status as TelnyxJobStatus));
  if (f.phone_number) {
    query.phoneNumbers = f.phone_number.split(',').map((n) => parsePhoneNumber(n.trim(), undefined, { parameter: 'filter[phone_number]' }).number);
  }
  return query;
}

/**
 * The numbers a job names, as Telnyx takes them: all by id (digit strings) or all in E.164, each
 * one the organization holds, else nothing is done.
 */
function listedTarget(given: readonly string[]): BulkTarget {
  const byId = given.filter((value) => /^[0-9]+$/.test(value));
  if (byId.length === given.length) return { seqs: [...given] };
  const e164 = given.filter((value) => /^\+[0-9]+$/.test(value));
  if (e164.length === given.length) return { numbers: [...given] };
  if (byId.length + e164.length === given.length) {
    throw errors.validation('You must specify either all phone numbers in the e164 format or all as phone number ids.', { pointer: '/phone_numbers' });
  }
  const odd = given.find((value) => !/^\+?[0-9]+$/.test(value))!;
  throw errors.validation(`"${odd}" is neither a phone number id nor a phone number in E.164 format.`, { pointer: '/phone_numbers' });
}

function listedJob(action: BulkAction, given: readonly string[], params: BulkJobInput['params'], shown: Record<string, unknown>): BulkJobInput {
  return { action, params, target: listedTarget(given), listedMustBeHeld: true, request: { target: { phone_numbers: given }, params: shown } };
}

export function toDeleteJobInput(body: DeleteJobBody): BulkJobInput {
  return listedJob('release', body.phone_numbers, {}, {});
}

export function toEmergencyJobInput(body: EmergencyJobBody): BulkJobInput {
  const emergency = emergencySettings({ enabled: body.emergency_enabled, address_id: body.emergency_address_id }, '/emergency_address_id');
  return listedJob('update_emergency', body.phone_numbers, { emergency }, { emergency: { enabled: emergency.enabled, address_id: emergency.address_id ?? null } });
}

/** The fields of an update job as the change each number gets. */
function updateChanges(fields: Omit<UpdateJobBody, 'phone_numbers'>): NumberChanges {
  const { voice, external_pin: _pin, ...plain } = fields;
  if (voice && Object.values(telnyxOnlyVoiceSettings(voice)).some((value) => value !== undefined)) {
    throw errors.validation(
      'tech_prefix_enabled, translated_number and the RTP media features are set number by number (PATCH /v2/phone_numbers/{id}/voice), not in bulk.',
      { pointer: '/voice' },
    );
  }
  return { ...plain, ...(voice ? voiceSettingChanges(voice) : {}) };
}

/** An update job: its numbers listed in the body, or every number the query's filter matches (at most a thousand). */
export function toUpdateJobInput(body: UpdateJobBody, query: UpdateJobQuery): BulkJobInput {
  const { phone_numbers: listed = [], ...fields } = body;
  if (fields.external_pin !== undefined) throw errors.validation('A port-out PIN is set number by number, not in bulk.', { pointer: '/external_pin' });
  const changes = updateChanges(fields);
  if (!Object.keys(changes).length) throw errors.validation('You must provide at least 1 updateable field.', { pointer: '/updateable_fields' });
  const shown = { set: fields };
  if (listed.length && query.filter) throw errors.validation('Name the numbers in phone_numbers or match them with filter, not both.', { pointer: '/phone_numbers' });
  if (listed.length) return listedJob('update', listed, { changes }, shown);
  if (!query.filter) throw errors.validation('must be present: name the numbers in phone_numbers, or match them with filter[...].', { pointer: '/phone_numbers' });
  const filters = toFiltersWithBundle(query.filter);
  return {
    action: 'update',
    params: { changes },
    target: filters ? { filters } : { ids: [] },
    maxTargets: TELNYX_MAX_JOB_NUMBERS,
    request: { target: { filter: query.filter }, params: shown },
  };
}

/** When the job ended, or when it will at the pace it has kept; unknown before its first number. */
function etcOf(job: BulkJob, now: Date): string | undefined {
  if (job.completed_at) return job.completed_at.toISOString();
  const worked = job.total - job.counts.pending;
  if (!job.started_at || worked <= 0) return undefined;
  const started = job.started_at.getTime();
  return new Date(started + ((now.getTime() - started) * job.total) / worked).toISOString();
}

const reference = (item: ItemWithSeq) => ({ ...(item.seq ? { id: item.seq } : {}), phone_number: item.phone_number });

/** Why a number of the job was not changed, as Telnyx's error entry. */
function failureOf(item: ItemWithSeq) {
  if (item.outcome === 'canceled') return telnyxError('job_not_active', 'The job was canceled before this number was worked.').entry;
  // The code was a catalogue error's when the item was settled.
  return telnyxError(item.error_code as ErrorCode, item.error_detail ?? '').entry;
}

/** A job with (up to a thousand of) its numbers, each in the list of its outcome. */
export function toTelnyxJob(job: BulkJob, items: readonly ItemWithSeq[], now = new Date()) {
  const etc = etcOf(job, now);
  return {
    id: job.id,
    record_type: 'phone_numbers_job',
    type: TYPE_OF[job.action],
    status: STATUS_OF[job.status],
    phone_numbers: items.map(reference),
    successful_operations: items.filter((item) => item.outcome === 'succeeded').map(reference),
    pending_operations: items.filter((item) => item.outcome === 'pending').map(reference),
    failed_operations: items
      .filter((item) => item.outcome === 'failed' || item.outcome === 'canceled')
      .map((item) => ({ ...reference(item), errors: [failureOf(item)] })),
    ...(etc ? { etc } : {}),
    created_at: job.created_at.toISOString(),
    updated_at: job.updated_at.toISOString(),
  };
}
