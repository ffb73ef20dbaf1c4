import type { Backlog } from '../jobs/job.js';
import type { EventRow, WebhookEndpointRow } from '../db/schema.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import { toEventResource } from '../events/event-resource.js';
import { nextAttemptDelay } from './retry-schedule.js';
import type { Settlement, WebhookDeliveriesRepo } from './webhook-deliveries.repo.js';
import type { ClaimedDelivery, WebhookDispatchPlatformRepo } from './webhook-dispatch.platform.repo.js';
import { withoutSecrets } from './webhook-endpoint.js';
import type { WebhookEndpointsRepo } from './webhook-endpoints.repo.js';
import type { WebhookRepos } from './webhook-endpoints.service.js';
import { endpointNote } from './webhook-events.js';
import type { WebhookSecrets } from './webhook-secrets.js';
import type { AttemptResult, WebhookSender } from './webhook-sender.js';

export interface DispatchSettings {
  /** Seconds before each attempt (config.webhookRetrySchedule). */
  schedule: readonly number[];
  /** An endpoint failing this long is disabled (config.webhookDisableAfterSeconds). */
  disableAfterSeconds: number;
  /** The longest an attempt may take (config.webhookTimeoutMs). */
  timeoutMs: number;
  /** Deliveries claimed at once, and sent at once. */
  batchSize?: number;
  concurrency?: number;
  /** A run stops after this many batches, so it returns even while work keeps arriving. */
  maxBatchesPerRun?: number;
}

export interface DispatchCounts {
  delivered: number;
  retrying: number;
  failed: number;
  disabledEndpoints: number;
  /** 1 when the run stopped at its limit with deliveries still due. */
  more: number;
}

type Outcome = 'delivered' | 'retrying' | 'failed' | 'lost';

/** An attempt that succeeded, to be recorded with its batch. */
interface Sent {
  delivery: ClaimedDelivery;
  result: AttemptResult;
}

/**
 * Sends due webhook deliveries, in every process, safely side by side: each batch is claimed
 * with a lease (src/webhooks/webhook-deliveries.repo.ts) and sent outside any transaction;
 * the batch's successful attempts are then recorded together, with their deliveries settled,
 * in one transaction, and each failed attempt in one of its own with the delivery's next
 * attempt and the endpoint's health. Delivery is at least once: a worker dying after sending but before recording
 * leaves the delivery to be sent again when its lease ends (receivers drop repeats by webhook-id).
 *
 * An endpoint is disabled when it answers 410 Gone, or when its deliveries have all failed for
 * disableAfterSeconds; a webhook_endpoint.disabled event tells of it, and its pending
 * deliveries fail at once (recover queues them again once it is enabled).
 */
export class WebhookDispatcher {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxBatches: number;
  private readonly leaseSeconds: number;

  constructor(
    private readonly platform: WebhookDispatchPlatformRepo,
    private readonly deliveries: WebhookDeliveriesRepo,
    private readonly transact: Transact<WebhookRepos & JournaledRepos>,
    private readonly sender: WebhookSender,
    private readonly secrets: WebhookSecrets,
    private readonly settings: DispatchSettings,
  ) {
    this.batchSize = settings.batchSize ?? 16;
    this.concurrency = settings.concurrency ?? 8;
    this.maxBatches = settings.maxBatchesPerRun ?? 10;
    // Long enough for a whole batch of attempts that all time out, with a margin.
    const rounds = Math.ceil(this.batchSize / this.concurrency);
    this.leaseSeconds = Math.ceil((rounds * settings.timeoutMs) / 1000) + 30;
  }

  /**
   * Sends what is due, batch after batch while batches come full, up to maxBatchesPerRun;
   * `more` says the limit was reached with batches still coming full (the runner goes on at once).
   */
  /** The deliveries due now, and when the longest-waiting came due. */
  backlog(): Promise<Backlog> {
    return this.platform.dueBacklog();
  }

  async deliverDue(): Promise<DispatchCounts> {
    const counts: DispatchCounts = { delivered: 0, retrying: 0, failed: 0, disabledEndpoints: 0, more: 0 };
    for (let batch = 0; batch < this.maxBatches; batch++) {
      const claimed = await this.platform.claimDue(this.batchSize, this.leaseSeconds);
      if (!claimed.length) return counts;
      await this.deliverBatch(claimed, counts);
      if (claimed.length < this.batchSize) return counts;
    }
    counts.more = 1;
    return counts;
  }

  private async deliverBatch(claimed: ClaimedDelivery[], counts: DispatchCounts): Promise<void> {
    const events = new Map((await this.platform.eventsByIds(unique(claimed.map((d) => d.event_id)))).map((e) => [e.id, e]));
    const endpoints = new Map((await this.platform.endpointsByIds(unique(claimed.map((d) => d.endpoint_id)))).map((e) => [e.id, e]));
    const queue = [...claimed];
    const succeeded: Sent[] = [];
    const failures: unknown[] = [];
    const worker = async () => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        try {
          const outcome = await this.deliverOne(delivery, events.get(delivery.event_id), endpoints.get(delivery.endpoint_id), counts);
          if (typeof outcome === 'object') succeeded.push(outcome);
          else if (outcome !== 'lost') counts[outcome]++;
        } catch (error) {
          // One delivery that cannot be handled (a secret that no longer opens, the database
          // gone) does not hold up the rest of the batch; its lease brings it back later.
          failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, claimed.length) }, worker));
    if (succeeded.length) counts.delivered += await this.recordSuccesses(succeeded);
    if (failures.length) throw failures[0]; // the runner logs it
  }

  /** Sends one delivery; a success is returned to be recorded with the batch's others, anything else is recorded now. */
  private async deliverOne(
    delivery: ClaimedDelivery,
    event: EventRow | undefined,
    endpoint: WebhookEndpointRow | undefined,
    counts: DispatchCounts,
  ): Promise<Outcome | Sent> {
    // Deleted meanwhile (the delivery goes with it), or disabled: nothing is sent.
    if (!event || !endpoint) return 'lost';
    if (!endpoint.enabled) {
      return (await this.deliveries.settle(delivery, false, { status: 'failed', nextAttemptAt: null })) ? 'failed' : 'lost';
    }
    const result = await this.sender.send(endpoint.url, this.signingSecrets(endpoint), toEventResource(event));
    if (result.outcome === 'succeeded') return { delivery, result };
    return this.recordFailure(delivery, endpoint, result, counts);
  }

  /**
   * The batch's successes, in one transaction: their attempts, their deliveries settled and
   * their endpoints healthy again. Answers how many were settled.
   */
  private recordSuccesses(succeeded: readonly Sent[]): Promise<number> {
    const byOrganization = new Map<string, Sent[]>();
    for (const sent of succeeded) {
      const group = byOrganization.get(sent.delivery.organization_id);
      if (group) group.push(sent);
      else byOrganization.set(sent.delivery.organization_id, [sent]);
    }
    return this.transact(async ({ endpoints, deliveries }) => {
      let settled = 0;
      for (const [organizationId, sent] of byOrganization) {
        settled += await deliveries.recordSuccesses(organizationId, sent);
        await endpoints.clearFailing(organizationId, unique(sent.map(({ delivery }) => delivery.endpoint_id)));
      }
      return settled;
    });
  }

  /** The current secret, and the former one while its grace period lasts. */
  private signingSecrets(endpoint: WebhookEndpointRow): string[] {
    const secrets = [this.secrets.read(endpoint.organization_id, endpoint.secret)];
    const expires = endpoint.previous_secret_expires_at;
    if (endpoint.previous_secret && expires && expires.getTime() > Date.now()) {
      secrets.push(this.secrets.read(endpoint.organization_id, endpoint.previous_secret));
    }
    return secrets;
  }

  /** A failed attempt, in one transaction: recorded, the delivery to retry or failed, the endpoint's health. */
  private recordFailure(delivery: ClaimedDelivery, endpoint: WebhookEndpointRow, result: AttemptResult, counts: DispatchCounts): Promise<Outcome> {
    const settlement = this.settlementOf(delivery, result);
    return this.transact(async ({ endpoints, deliveries, journal }) => {
      await deliveries.recordAttempt(delivery, result);
      if (!(await deliveries.settle(delivery, true, settlement))) return 'lost';
      const { organization_id: organizationId, id } = endpoint;
      const reason = await this.disableReason(endpoints, organizationId, id, result);
      if (reason) {
        const disabled = await endpoints.disable(organizationId, id, reason);
        if (disabled) {
          await deliveries.failPending(organizationId, id);
          journal.note(endpointNote('webhook_endpoint.disabled', withoutSecrets(disabled), withoutSecrets(endpoint)));
          counts.disabledEndpoints++;
        }
        return 'failed';
      }
      return settlement.status === 'failed' ? 'failed' : 'retrying';
    });
  }

  private settlementOf(delivery: ClaimedDelivery, result: AttemptResult): Settlement {
    if (result.outcome === 'succeeded') return { status: 'succeeded', nextAttemptAt: null };
    const now = new Date();
    const delay = nextAttemptDelay(this.settings.schedule, delivery.attempts + 1, result.retryAfter, now);
    if (delay === null) return { status: 'failed', nextAttemptAt: null };
    return { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay * 1000) };
  }

  /** Why a failure disables the endpoint: it is gone, or has failed for too long; null if neither. */
  private async disableReason(endpoints: WebhookEndpointsRepo, organizationId: string, id: string, result: AttemptResult): Promise<string | null> {
    if (result.responseStatus === 410) return 'The endpoint answered 410 Gone.';
    const failingSeconds = await endpoints.markFailing(organizationId, id);
    if (failingSeconds === null || failingSeconds < this.settings.disableAfterSeconds) return null;
    return `Every delivery has failed for ${formatDuration(this.settings.disableAfterSeconds)}.`;
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function formatDuration(seconds: number): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${seconds} seconds`;
}
