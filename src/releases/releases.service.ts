import type { Backlog } from '../jobs/job.js';
import { noOutcomes, type Outcomes } from '../telemetry/outcomes.js';
import { AppError, errors } from '../errors/catalogue.js';
import type { Transact } from '../db/unit-of-work.js';
import type { NumbersPlatformRepo } from '../numbers/numbers.platform.repo.js';
import type { NumberRepos, NumbersService } from '../numbers/numbers.service.js';
import { assertTransition, type PhoneNumberRecord, type Status } from '../numbers/phone-number.js';

/** What a carrier said to a release. */
export type CarrierReleaseOutcome =
  /** The carrier let the number go, or no longer had it. */
  | { status: 'released' }
  /** The carrier answered and said no: it still has the number. */
  | { status: 'refused'; error: AppError }
  /** No useful answer (timeout, network, 5xx): the carrier may or may not have let it go. */
  | { status: 'unknown'; error: AppError };

/**
 * Gives a bought number back to the carrier it came from, outside any transaction, while the
 * number is release_pending; safe to repeat (a carrier that no longer has it counts as done).
 */
export interface CarrierReleaser {
  /** Whether letting this number go involves its carrier: Dialtone bought it there. */
  involvesCarrier(record: PhoneNumberRecord): boolean;
  releaseAtCarrier(record: PhoneNumberRecord): Promise<CarrierReleaseOutcome>;
}


export interface ReleasesOptions {
  clock: () => Date;
  /**
   * A release whose carrier call began this long ago and is still pending was cut short (a
   * crash) or got no answer: the reconciler calls the carrier again. Longer than a call can take.
   */
  staleAfterMs: number;
  /** Told how each carrier release ended. */
  outcomes?: Outcomes;
}

const MAX_CONCURRENT_RETRIES = 3;
/** Pending releases the reconciler takes on per run. */
const RELEASE_BATCH = 100;

/**
 * The release saga: a number given up by its organization, at its carrier first when
 * Dialtone bought it there, never left half done. Beside the purchase saga (orders), it moves
 * the number only through the lifecycle's moves (NumbersRepo.move); the move that makes it
 * released takes it out of its groups in the same unit of work.
 */
export class ReleasesService {
  constructor(
    private readonly platform: NumbersPlatformRepo,
    private readonly transact: Transact<NumberRepos>,
    private readonly numbers: NumbersService,
    private readonly carrier: CarrierReleaser,
    private readonly options: ReleasesOptions,
  ) {}

  /**
   * Gives the number up. The record stays, released, and the number may be taken again.
   * A number bought through a carrier is first marked release_pending in one conditional
   * write (of concurrent releases one wins; the others get the number as it then is, and
   * nobody calls the carrier twice), then released at the carrier, then recorded:
   * released; back where it was when the carrier refuses (its error is thrown); or left
   * release_pending, returned as such, when the carrier's answer is unknown: the
   * reconciler finishes it.
   */
  async release(organizationId: string, id: string): Promise<PhoneNumberRecord> {
    for (let attempt = 0; attempt < MAX_CONCURRENT_RETRIES; attempt++) {
      const current = await this.numbers.getCurrent(organizationId, id);
      if (current.status === 'released' || current.status === 'release_pending') return current;
      if (current.deletion_lock_enabled) throw errors.deletionLocked(current.number);
      const from = current.status;
      assertTransition(from, 'released');
      if (!this.carrier.involvesCarrier(current)) {
        const released = await this.finish(organizationId, id, from, 'release');
        if (released) return released;
        continue;
      }
      const pending = await this.transact(({ numbers }) =>
        numbers.move(organizationId, id, from, 'startRelease', { from, at: this.options.clock() }, { unlocked: true }),
      );
      if (!pending) continue;
      const settled = await this.releaseAtCarrier(pending);
      if (settled.refusal) throw settled.refusal;
      return settled.record;
    }
    throw errors.concurrentUpdate('The number');
  }

  /**
   * What releasing a number would make of it, written nowhere: released, or release_pending
   * when its carrier must let it go first; or the error a release would be refused with.
   */
  previewRelease(current: PhoneNumberRecord): PhoneNumberRecord {
    if (current.status === 'released' || current.status === 'release_pending') return current;
    if (current.deletion_lock_enabled) throw errors.deletionLocked(current.number);
    assertTransition(current.status, 'released');
    const status = this.carrier.involvesCarrier(current) ? 'release_pending' : 'released';
    return { ...current, status, version: current.version + 1 };
  }

  /**
   * Finishes releases a crash or a carrier without an answer left pending: each is claimed
   * (by one process of several), the carrier asked again, and the number released or put
   * back. One whose carrier still does not answer stays pending for a later run. Returns
   * the releases settled.
   */
  /** The releases the reconciler would take on now, and when the oldest began. */
  backlog(now = this.options.clock()): Promise<Backlog> {
    return this.platform.staleReleaseBacklog(new Date(now.getTime() - this.options.staleAfterMs));
  }

  async reconcile(now = this.options.clock()): Promise<number> {
    const stale = await this.platform.claimStaleReleases(new Date(now.getTime() - this.options.staleAfterMs), now, RELEASE_BATCH);
    let settled = 0;
    for (const pending of stale) {
      try {
        const { record } = await this.releaseAtCarrier(pending);
        if (record.status !== 'release_pending') settled++;
      } catch {
        // The carrier account cannot be used now (e.g. its credentials no longer open): the
        // release stays pending, and a later run tries again.
      }
    }
    return settled;
  }

  /** The move that makes the number released, if it is still where the caller found it. */
  private finish(organizationId: string, id: string, from: Status, move: 'release' | 'completeRelease'): Promise<PhoneNumberRecord | undefined> {
    return this.transact((repos) => repos.numbers.move(organizationId, id, from, move, this.options.clock(), { unlocked: true }));
  }

  /** The carrier call of a pending release, and what it makes of the number. */
  private async releaseAtCarrier(pending: PhoneNumberRecord): Promise<{ record: PhoneNumberRecord; refusal?: AppError }> {
    const { organization_id: organizationId, id } = pending;
    const outcome = await this.carrier.releaseAtCarrier(pending);
    (this.options.outcomes ?? noOutcomes).count('release', outcome.status);
    if (outcome.status === 'unknown') return { record: pending };
    if (outcome.status === 'released') {
      const released = await this.finish(organizationId, id, 'release_pending', 'completeRelease');
      return { record: released ?? (await this.numbers.getCurrent(organizationId, id)) };
    }
    const reverted = await this.transact(({ numbers }) => numbers.revertRelease(organizationId, id, pending.release_started_at!));
    return { record: reverted ?? (await this.numbers.getCurrent(organizationId, id)), refusal: outcome.error };
  }

  /**
   * Assigns a held number to an agent. An assigned number cannot be reassigned without
   * freeing it first; assigning it again to the same agent changes nothing.
   */
}
