import { createHash } from 'node:crypto';
import { withCause, type Actor, type Cause, currentCause } from '../changes/cause.js';
import type { CursorSigner } from '../cursors/cursor-signer.js';
import type { CreatedCursor } from '../db/created-order.js';
import type { BulkJobItemRow, BulkJobRow } from '../db/schema.js';
import { CompanionRefused, withCompanion, type CompanionWrite, type JournaledRepos, type Transact } from '../db/unit-of-work.js';
import { AppError, errors } from '../errors/catalogue.js';
import type { NumberFilters } from '../numbers/list-query.js';
import type { NumberChanges, NumbersService } from '../numbers/numbers.service.js';
import type { PhoneNumberRecord } from '../numbers/phone-number.js';
import type { ReleasesService } from '../releases/releases.service.js';
import { MAX_WAITED_TARGETS, type BulkAction, type BulkItemOutcome, type BulkJobStatus } from './bulk-job.js';
import { bulkJobCompletedNote } from './bulk-events.js';
import type { BulkPlatformRepo } from './bulk.platform.repo.js';
import { BulkRepo, type ItemSettlement, type ItemWithSeq, type JobPageFilter, type JobTarget, type OutcomeCounts } from './bulk.repo.js';


/** What a job does to each number. */
export interface BulkParams {
  /** update: the fields of a PATCH. */
  changes?: NumberChanges;
  add_tags?: string[];
  remove_tags?: string[];
  /** assign: the agent. */
  agent_id?: string;
  /** update_emergency: emergency calling on, with its address, or off (the address kept). */
  emergency?: EmergencySettings;
}

export interface EmergencySettings {
  enabled: boolean;
  address_id?: string;
}

/** How the jobs of a list are narrowed and ordered; paged by position (the surfaces that page by number). */
export type JobPageQuery = JobPageFilter;

/**
 * The numbers a job changes: listed by id, by numeric id (the surfaces whose ids are digit
 * strings) or by number, or every number a list filter matches now.
 */
export type BulkTarget = { ids: string[] } | { seqs: string[] } | { numbers: string[] } | { filters: NumberFilters };

export interface BulkJobInput {
  action: BulkAction;
  params: BulkParams;
  target: BulkTarget;
  /** The count the targets must come to (required with a filter): otherwise nothing is done. */
  expectedCount?: number;
  /** Refuse the job, doing nothing, when a listed id or number is none the organization holds (rather than failing that item). */
  listedMustBeHeld?: boolean;
  /** Refuse the job when its targets come to more than this many numbers. */
  maxTargets?: number;
  /** The request as the client sent it: kept on the job as what it was asked, and hashed for idempotency. */
  request: { target: Record<string, unknown>; params: Record<string, unknown> };
}

export type { ItemWithSeq };

/** A job with its items counted. */
export interface BulkJob extends BulkJobRow {
  counts: OutcomeCounts;
}

export interface CreatedJob {
  job: BulkJob;
  /** Created earlier with the same Idempotency-Key: nothing new was done. */
  replayed: boolean;
  /** With wait: every item's result. */
  results?: BulkJobItemRow[];
}

/** A number as a dry run shows it: as it is, as the job would make it, or why the job would fail on it. */
export interface PreviewItem {
  phone_number_id: string | null;
  phone_number: string;
  before: PhoneNumberRecord | null;
  after: PhoneNumberRecord | null;
  error: { code: string; detail: string } | null;
}

export interface BulkOptions {
  /** How long a worker holds the items it claimed: another takes them after, if it died. */
  claimSeconds: number;
  /** Items claimed at a time. */
  batchSize: number;
  /** Items of a batch changed at once (each in its own transaction). */
  concurrency: number;
}

/** What the repositories of a bulk unit of work are: the jobs and their items, and the journal. */
export interface BulkRepos extends JournaledRepos {
  bulk: BulkRepo;
}

/** Active jobs looked at per worker run. */
const JOBS_PER_RUN = 10;

function requestHash(action: BulkAction, request: BulkJobInput['request'], expectedCount: number | undefined): string {
  return createHash('sha256').update(JSON.stringify([action, request.target, request.params, expectedCount ?? null])).digest('hex');
}

/** The set of tags a job leaves on a number: the job's tags if it sets them, else the number's, plus and minus. */
function tagsAfter(current: readonly string[], params: BulkParams): string[] {
  const remove = new Set(params.remove_tags ?? []);
  const tags = [...(params.changes?.tags ?? current), ...(params.add_tags ?? [])].filter((tag) => !remove.has(tag));
  return [...new Set(tags)];
}

/** The change an update job makes of a number as it is now. */
function changesFor(params: BulkParams, current: PhoneNumberRecord): NumberChanges {
  const changes: NumberChanges = { ...params.changes };
  if (params.add_tags?.length || params.remove_tags?.length) changes.tags = tagsAfter(current.tags, params);
  return changes;
}

/**
 * Emergency settings as a job applies them: on needs an address; off takes none (each number
 * keeps the one it has). `pointer` is where the request holds the address, for the error.
 */
export function emergencySettings(given: { enabled: boolean; address_id?: string | null }, pointer = '/emergency/address_id'): EmergencySettings {
  if (given.enabled && !given.address_id) {
    throw errors.validation('Emergency calling needs an emergency address: give its id to turn it on.', { pointer });
  }
  if (!given.enabled && given.address_id) {
    throw errors.validation('Turning emergency calling off takes no address: leave it out or null.', { pointer });
  }
  return given.enabled ? { enabled: true, address_id: given.address_id! } : { enabled: false };
}

/** The change an emergency-settings job makes: on with its address, or off (the address stays, for turning it on again). */
function emergencyChanges(settings: EmergencySettings): NumberChanges {
  return settings.enabled ? { emergency_enabled: true, emergency_address_id: settings.address_id ?? null } : { emergency_enabled: false };
}

/** The cause an item's change is recorded with: whoever made the job, through where they made it, and the job. */
function causeOfJob(job: BulkJobRow): Cause {
  return {
    surface: job.surface,
    actor: job.actor as Actor,
    requestId: job.request_id ?? undefined,
    idempotencyKey: job.idempotency_key ?? undefined,
    jobId: job.id,
  };
}

function failureOf(error: AppError): ItemSettlement {
  return { outcome: 'failed', code: error.code, detail: error.detail };
}

/** Runs work over items, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Bulk jobs: one change applied to many numbers of an organization, each number in its own
 * transaction through the same service calls as a single change (so its rules, event and
 * audit record are those of one change, the job's id on the event). The targets are resolved
 * to numbers when the job is made; every serving process works pending items in claimed
 * batches, and each item is marked done in its number's change's transaction, so a crash
 * neither loses an item nor applies one twice.
 */
export class BulkService {
  constructor(
    private readonly repo: BulkRepo,
    private readonly platform: BulkPlatformRepo,
    private readonly transact: Transact<BulkRepos>,
    private readonly numbers: NumbersService,
    private readonly releases: ReleasesService,
    private readonly cursors: CursorSigner,
    private readonly options: BulkOptions,
  ) {}

  /** Makes a job (or answers the one made with the same Idempotency-Key); with wait, runs it before answering. */
  async create(organizationId: string, input: BulkJobInput, options: { idempotencyKey?: string; wait?: boolean } = {}): Promise<CreatedJob> {
    const hash = requestHash(input.action, input.request, input.expectedCount);
    if (options.idempotencyKey) {
      const earlier = await this.replay(organizationId, options.idempotencyKey, hash, options.wait);
      if (earlier) return earlier;
    }
    await this.assertParams(organizationId, input);
    const targets = await this.resolve(organizationId, input.target);
    this.assertTargets(input, targets);
    if (options.wait && targets.length > MAX_WAITED_TARGETS) {
      throw errors.validation(`A job runs while the request waits for at most ${MAX_WAITED_TARGETS} numbers; this one has ${targets.length}: leave wait out.`, {
        parameter: 'wait',
      });
    }
    const row = await this.insert(organizationId, input.action, input.params, input.request, targets, hash, options);
    if (!row) return (await this.replay(organizationId, options.idempotencyKey!, hash, options.wait))!;
    if (!options.wait) return { job: await this.withCounts(row), replayed: false };
    await this.runHeld(row);
    return { job: await this.get(organizationId, row.id), replayed: false, results: await this.repo.items(organizationId, row.id, { limit: MAX_WAITED_TARGETS }) };
  }

  /** The refusals a job's change may earn before anything is written: an address the organization does not have. */
  private async assertParams(organizationId: string, input: BulkJobInput): Promise<void> {
    const { params } = input;
    if (input.action === 'update_emergency' && params.emergency) await this.numbers.assertAddresses(organizationId, emergencyChanges(params.emergency));
    if (input.action === 'update' && params.changes) await this.numbers.assertAddresses(organizationId, params.changes);
  }

  /** The refusals a job's targets may earn before anything is written: a count other than expected, too many, a listed number not held. */
  private assertTargets(input: BulkJobInput, targets: readonly JobTarget[]): void {
    if (input.expectedCount !== undefined && input.expectedCount !== targets.length) throw errors.countMismatch(input.expectedCount, targets.length);
    const where = 'filters' in input.target ? { parameter: 'filter' } : { pointer: '/phone_numbers' };
    if (input.maxTargets !== undefined && targets.length > input.maxTargets) {
      throw errors.validation(`${input.maxTargets} numbers is the maximum allowed in one job; these come to ${targets.length}.`, where);
    }
    const unheld = input.listedMustBeHeld ? targets.filter((target) => target.error) : [];
    if (unheld.length) {
      const shown = unheld.slice(0, 5).map((target) => `"${target.number}"`).join(', ');
      throw errors.validation(`Every number of a job must be one this organization holds; ${unheld.length} are not: ${shown}${unheld.length > 5 ? ', …' : ''}.`, where);
    }
  }

  private insert(
    organizationId: string,
    action: BulkAction,
    params: BulkParams,
    request: BulkJobInput['request'],
    targets: JobTarget[],
    hash: string,
    options: { idempotencyKey?: string; wait?: boolean; retryOf?: string },
  ) {
    const cause = currentCause();
    return this.repo.create(
      {
        organization_id: organizationId,
        action,
        params: { ...params, request: request.params },
        target: request.target,
        retry_of: options.retryOf ?? null,
        idempotency_key: options.idempotencyKey ?? null,
        request_hash: hash,
        surface: cause.surface,
        actor: cause.actor,
        request_id: cause.requestId ?? null,
      },
      targets,
      options.wait ? this.options.claimSeconds : undefined,
    );
  }

  private async replay(organizationId: string, key: string, hash: string, wait?: boolean): Promise<CreatedJob | undefined> {
    const earlier = await this.repo.findByIdempotencyKey(organizationId, key);
    if (!earlier) return undefined;
    if (earlier.request_hash !== hash) throw errors.idempotencyKeyReused(key);
    const results = wait ? await this.repo.items(organizationId, earlier.id, { limit: MAX_WAITED_TARGETS }) : undefined;
    return { job: await this.withCounts(earlier), replayed: true, ...(results ? { results } : {}) };
  }

  /** The targets as items: each number once, in the order given; a listed id or number the organization does not hold fails at once. */
  private async resolve(organizationId: string, target: BulkTarget): Promise<JobTarget[]> {
    if ('filters' in target) return this.numbers.targets(organizationId, target);
    const { listed, byKey } = await this.listedTargets(organizationId, target);
    const seen = new Set<string>();
    const targets: JobTarget[] = [];
    for (const given of listed) {
      const normalized = 'numbers' in target ? this.numbers.normalize(given) : 'ids' in target ? given.toLowerCase() : given;
      const key = normalized ?? given;
      if (seen.has(key)) continue;
      seen.add(key);
      const hit = byKey.get(key);
      if (hit) targets.push(hit);
      else {
        const error = normalized === undefined ? errors.invalidPhoneNumber(`"${given}" is not a phone number.`) : errors.notFound('phone number', given);
        targets.push({ id: null, number: given, error: { code: error.code, detail: error.detail } });
      }
    }
    return targets;
  }

  /** The numbers a listed target names, found, by the key each is named by. */
  private async listedTargets(organizationId: string, target: Exclude<BulkTarget, { filters: NumberFilters }>) {
    if ('seqs' in target) {
      const found = await this.numbers.targetsBySeqs(organizationId, target.seqs);
      return { listed: target.seqs, byKey: new Map(found.map(({ seq, ...t }) => [String(seq), t])) };
    }
    const found = await this.numbers.targets(organizationId, target);
    const listed = 'ids' in target ? target.ids : target.numbers;
    return { listed, byKey: new Map(found.map((t) => ['ids' in target ? t.id : t.number, t])) };
  }

  /** A dry run: what the job would do to each number, a page at a time, written nowhere. */
  async preview(
    organizationId: string,
    input: BulkJobInput,
    page: { limit: number; cursor?: string },
  ): Promise<{ count: number; data: PreviewItem[]; nextCursor: string | null }> {
    const hash = requestHash(input.action, input.request, input.expectedCount);
    await this.assertParams(organizationId, input);
    const targets = await this.resolve(organizationId, input.target);
    this.assertTargets(input, targets);
    const offset = page.cursor ? this.openPreviewCursor(page.cursor, hash) : 0;
    const slice = targets.slice(offset, offset + page.limit);
    const records = new Map((await this.numbers.getMany(organizationId, slice.flatMap((t) => (t.id ? [t.id] : [])))).map((r) => [r.id, r]));
    const data = slice.map((target): PreviewItem => {
      const before = target.id ? records.get(target.id) : undefined;
      const base = { phone_number_id: target.id, phone_number: target.number };
      if (!before) {
        const error = target.error ?? errors.notFound('phone number', target.number);
        return { ...base, before: null, after: null, error: { code: error.code, detail: error.detail } };
      }
      try {
        return { ...base, before, after: this.previewOne(input.action, input.params, before), error: null };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return { ...base, before, after: null, error: { code: error.code, detail: error.detail } };
      }
    });
    const end = offset + slice.length;
    return { count: targets.length, data, nextCursor: end < targets.length ? this.cursors.seal({ o: end, h: hash.slice(0, 16) }) : null };
  }

  private openPreviewCursor(cursor: string, hash: string): number {
    const { o, h } = (this.cursors.open(cursor) ?? {}) as Record<string, unknown>;
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || h !== hash.slice(0, 16)) {
      throw errors.validation('The cursor is not one this API issued for this dry run; send the same body as the first page.', { parameter: 'cursor' });
    }
    return o;
  }

  private previewOne(action: BulkAction, params: BulkParams, current: PhoneNumberRecord): PhoneNumberRecord {
    switch (action) {
      case 'update':
        return this.numbers.previewUpdate(current, (now) => changesFor(params, now));
      case 'update_emergency':
        return this.numbers.previewUpdate(current, () => emergencyChanges(params.emergency!));
      case 'assign':
        return this.numbers.previewAssign(current, params.agent_id!);
      case 'unassign':
        return this.numbers.previewUpdate(current, () => ({ assigned_agent_id: null }));
      case 'release':
        return this.releases.previewRelease(current);
    }
  }

  async get(organizationId: string, id: string): Promise<BulkJob> {
    const row = await this.repo.findById(organizationId, id);
    if (!row) throw errors.notFound('bulk job', id);
    return this.withCounts(row);
  }

  /** Newest first. */
  async list(organizationId: string, limit: number, after?: CreatedCursor): Promise<BulkJob[]> {
    const rows = await this.repo.list(organizationId, limit, after);
    const counts = await this.repo.counts(organizationId, rows.map((row) => row.id));
    return rows.map((row) => ({ ...row, counts: counts.get(row.id)! }));
  }

  /** A page of jobs by position, narrowed by action, status or a number of theirs, with how many there are in all. */
  async page(organizationId: string, query: JobPageQuery): Promise<{ data: BulkJob[]; total: number }> {
    const { rows, total } = await this.repo.page(organizationId, query);
    const counts = await this.repo.counts(organizationId, rows.map((row) => row.id));
    return { data: rows.map((row) => ({ ...row, counts: counts.get(row.id)! })), total };
  }

  /** The first `perJob` items of each job, in position order, with each number's numeric id: the jobs as a surface that lists their numbers shows them. */
  async itemsOfJobs(organizationId: string, jobIds: readonly string[], perJob: number): Promise<Map<string, ItemWithSeq[]>> {
    const byJob = new Map<string, ItemWithSeq[]>(jobIds.map((id) => [id, []]));
    for (const item of await this.repo.firstItems(organizationId, jobIds, perJob)) byJob.get(item.job_id)!.push(item);
    return byJob;
  }

  /** A job's per-number results in order, of one outcome or all, after a position. */
  async items(organizationId: string, id: string, options: { outcome?: BulkItemOutcome; after?: number; limit: number }): Promise<BulkJobItemRow[]> {
    await this.get(organizationId, id);
    return this.repo.items(organizationId, id, options);
  }

  /** Stops a queued or running job: items not yet worked are canceled; those done stay done. */
  async cancel(organizationId: string, id: string): Promise<BulkJob> {
    const job = await this.get(organizationId, id);
    const canceled = await withCause(causeOfJob(job), () =>
      this.transact(async ({ bulk, journal }) => {
        const row = await bulk.cancel(organizationId, id);
        if (row) journal.note(bulkJobCompletedNote({ ...row, counts: (await bulk.counts(organizationId, [id])).get(id)! }));
        return row;
      }),
    );
    if (!canceled) throw errors.jobNotActive(id, job.status, 'canceled');
    return this.get(organizationId, id);
  }

  /** A new job, the same change, over the numbers a finished job failed on. */
  async retryFailed(organizationId: string, id: string, options: { idempotencyKey?: string } = {}): Promise<CreatedJob> {
    const job = await this.get(organizationId, id);
    if (job.status === 'queued' || job.status === 'running') throw errors.jobNotActive(id, job.status, 'retried before it ends');
    const request = { target: { retry_of: id }, params: (job.params as { request: Record<string, unknown> }).request };
    const hash = requestHash(job.action, request, undefined);
    if (options.idempotencyKey) {
      const earlier = await this.replay(organizationId, options.idempotencyKey, hash);
      if (earlier) return earlier;
    }
    const targets = await this.repo.failedTargets(organizationId, id);
    if (!targets.length) throw errors.validation(`Bulk job "${id}" has no failed item a new job could try again.`, { parameter: 'id' });
    const { request: _shown, ...params } = job.params as BulkParams & { request: unknown };
    const row = await this.insert(organizationId, job.action, params, request, targets, hash, { ...options, retryOf: id });
    if (!row) return (await this.replay(organizationId, options.idempotencyKey!, hash))!;
    return { job: await this.withCounts(row), replayed: false };
  }

  private async withCounts(row: BulkJobRow): Promise<BulkJob> {
    return { ...row, counts: (await this.repo.counts(row.organization_id, [row.id])).get(row.id)! };
  }

  /**
   * The workers' run: claims a batch of pending items of the oldest active job (skipping
   * those other processes hold), works them, and settles jobs with nothing left to do.
   */
  async work(): Promise<{ items: number; jobs: number; more: number }> {
    let finished = 0;
    for (const job of await this.platform.activeJobs(JOBS_PER_RUN)) {
      const claimed = await this.repo.claimItems(job.organization_id, job.id, this.options.batchSize, this.options.claimSeconds);
      if (claimed.length) {
        await this.repo.markRunning(job.organization_id, job.id);
        await this.applyItems(job, claimed);
        if (await this.finish(job)) finished++;
        return { items: claimed.length, jobs: finished, more: 1 };
      }
      if (await this.finish(job)) finished++;
    }
    return { items: 0, jobs: finished, more: 0 };
  }

  /**
   * Works one job to its end in this process (the CLI): claims its items batch by batch
   * (other processes may work some too), telling progress after each; the job as it ended.
   */
  async run(organizationId: string, id: string, onProgress: (job: BulkJob) => void = () => {}): Promise<BulkJob> {
    let job = await this.get(organizationId, id);
    while (job.status === 'queued' || job.status === 'running') {
      const claimed = await this.repo.claimItems(organizationId, id, this.options.batchSize, this.options.claimSeconds);
      if (claimed.length) {
        await this.repo.markRunning(organizationId, id);
        await this.applyItems(job, claimed);
      } else if (!(await this.finish(job))) {
        // Items held by another process: it is working them.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      job = await this.get(organizationId, id);
      onProgress(job);
    }
    return job;
  }

  /** Works a job whose items the creating request holds (wait=true), then settles it. */
  private async runHeld(job: BulkJobRow): Promise<void> {
    const items = await this.repo.items(job.organization_id, job.id, { outcome: 'pending', limit: MAX_WAITED_TARGETS });
    await this.repo.markRunning(job.organization_id, job.id);
    await this.applyItems(job, items);
    await this.finish(job);
  }

  /** Settles a job with no pending item left, its bulk_job.completed event in the same transaction. */
  private finish(job: BulkJobRow): Promise<boolean> {
    return withCause(causeOfJob(job), () =>
      this.transact(async ({ bulk, journal }) => {
        const row = await bulk.finish(job.organization_id, job.id);
        if (!row) return false;
        journal.note(bulkJobCompletedNote({ ...row, counts: (await bulk.counts(job.organization_id, [job.id])).get(job.id)! }));
        return true;
      }),
    );
  }

  /**
   * Works a claimed batch's items, `concurrency` at once (each in its own transaction: on a
   * Postgres server their commits share WAL flushes). The numbers an update changes are read
   * for the whole batch in one query; an item's change is then one statement, unless its
   * number moved on since.
   */
  private async applyItems(job: BulkJobRow, items: readonly BulkJobItemRow[]): Promise<void> {
    const ids = items.flatMap((item) => (item.phone_number_id ? [item.phone_number_id] : []));
    const read = job.action === 'update' || job.action === 'unassign' ? await this.numbers.getMany(job.organization_id, ids) : [];
    const readById = new Map(read.map((record) => [record.id, record]));
    await withCause(causeOfJob(job), () =>
      eachLimited(items, this.options.concurrency, (item) => this.applyItem(job, item, readById.get(item.phone_number_id!))),
    );
  }

  /**
   * One item: its number changed through the service a single change uses, the item marked
   * succeeded by that change's statement or in its transaction (a companion write), refused
   * (rolling the change back) when the item was settled meanwhile: by a worker whose claim
   * this one outlived, or a cancel. A change that changes nothing (the number already is as
   * the job would make it: also what a redo after a crash finds) and a refusal by the rules
   * are marked on their own; a database failure leaves the item pending, for a later claim
   * once this one's lease ends.
   */
  private async applyItem(job: BulkJobRow, item: BulkJobItemRow, read: PhoneNumberRecord | undefined): Promise<void> {
    const { organization_id: organizationId, id: jobId } = job;
    const markDone: CompanionWrite = {
      write: async (db) => {
        if (!(await new BulkRepo(db).settle(organizationId, jobId, item.position, { outcome: 'succeeded', changed: true }))) throw new CompanionRefused();
      },
      inStatement: this.repo.succeededInStatement(organizationId, jobId, item.position),
    };
    const { error, joined } = await withCompanion(markDone, () => this.applyAction(job, item.phone_number_id!, read));
    if (error instanceof CompanionRefused) return;
    if (error instanceof AppError) await this.repo.settle(organizationId, jobId, item.position, failureOf(error), joined ? 'succeeded' : 'pending');
    else if (error) throw error;
    else if (!joined) await this.repo.settle(organizationId, jobId, item.position, { outcome: 'succeeded', changed: false });
  }

  private async applyAction(job: BulkJobRow, id: string, read: PhoneNumberRecord | undefined): Promise<PhoneNumberRecord> {
    const params = job.params as BulkParams;
    const organizationId = job.organization_id;
    switch (job.action) {
      case 'update':
        return this.numbers.updateFrom(organizationId, id, (current) => changesFor(params, current), read);
      case 'update_emergency':
        return this.numbers.update(organizationId, id, emergencyChanges(params.emergency!));
      case 'assign':
        return this.numbers.assign(organizationId, id, params.agent_id!);
      case 'unassign':
        return this.numbers.updateFrom(organizationId, id, () => ({ assigned_agent_id: null }), read);
      case 'release':
        return this.releases.release(organizationId, id);
    }
  }
}
