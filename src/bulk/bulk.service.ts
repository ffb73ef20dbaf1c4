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
import { MAX_WAITED_TARGETS, type BulkAction, type BulkItemOutcome } from './bulk-job.js';
import { bulkJobCompletedNote } from './bulk-events.js';
import type { BulkPlatformRepo } from './bulk.platform.repo.js';
import { BulkRepo, type ItemSettlement, type JobTarget, type OutcomeCounts } from './bulk.repo.js';


/** What a job does to each number. */
export interface BulkParams {
  /** update: the fields of a PATCH. */
  changes?: NumberChanges;
  add_tags?: string[];
  remove_tags?: string[];
  /** assign: the agent. */
  agent_id?: string;
}

/** The numbers a job changes: listed by id or number, or every number a list filter matches now. */
export type BulkTarget = { ids: string[] } | { numbers: string[] } | { filters: NumberFilters };

export interface BulkJobInput {
  action: BulkAction;
  params: BulkParams;
  target: BulkTarget;
  /** The count the targets must come to (required with a filter): otherwise nothing is done. */
  expectedCount?: number;
  /** The request as the client sent it: kept on the job as what it was asked, and hashed for idempotency. */
  request: { target: Record<string, unknown>; params: Record<string, unknown> };
}

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
    const targets = await this.resolve(organizationId, input.target);
    if (input.expectedCount !== undefined && input.expectedCount !== targets.length) throw errors.countMismatch(input.expectedCount, targets.length);
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
    const found = await this.numbers.targets(organizationId, target);
    const listed = 'ids' in target ? target.ids : target.numbers;
    const byKey = new Map(found.map((t) => ['ids' in target ? t.id : t.number, t]));
    const seen = new Set<string>();
    const targets: JobTarget[] = [];
    for (const given of listed) {
      const normalized = 'ids' in target ? given.toLowerCase() : this.numbers.normalize(given);
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

  /** A dry run: what the job would do to each number, a page at a time, written nowhere. */
  async preview(
    organizationId: string,
    input: BulkJobInput,
    page: { limit: number; cursor?: string },
  ): Promise<{ count: number; data: PreviewItem[]; nextCursor: string | null }> {
    const hash = requestHash(input.action, input.request, input.expectedCount);
    const targets = await this.resolve(organizationId, input.target);
    if (input.expectedCount !== undefined && input.expectedCount !== targets.length) throw errors.countMismatch(input.expectedCount, targets.length);
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
      case 'assign':
        return this.numbers.assign(organizationId, id, params.agent_id!);
      case 'unassign':
        return this.numbers.updateFrom(organizationId, id, () => ({ assigned_agent_id: null }), read);
      case 'release':
        return this.releases.release(organizationId, id);
    }
  }
}
