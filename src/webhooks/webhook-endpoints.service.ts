import type { CreatedCursor } from '../db/created-order.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import { isUuid } from '../db/uuid.js';
import type { EgressGuard } from '../egress/egress-guard.js';
import { destinationOf } from '../egress/destination.js';
import { errors } from '../errors/catalogue.js';
import { isEventPattern } from '../events/event-types.js';
import type { WebhookDeliveriesRepo } from './webhook-deliveries.repo.js';
import { MAX_URL_LENGTH, withoutSecrets, type EndpointInput, type WebhookEndpoint } from './webhook-endpoint.js';
import type { WebhookEndpointsRepo } from './webhook-endpoints.repo.js';
import { newSigningSecret, type WebhookSecrets } from './webhook-secrets.js';
import { endpointNote } from './webhook-events.js';
import { changesBetween, type AuditNote } from '../changes/journal.js';


export interface WebhookRepos {
  endpoints: WebhookEndpointsRepo;
  deliveries: WebhookDeliveriesRepo;
}

/** What an endpoint's audit records show of it: its settings, never its secrets. */
function settingsOf(endpoint: WebhookEndpoint | null): Record<string, unknown> | null {
  if (!endpoint) return null;
  const { url, description, event_types, enabled, disabled_reason } = endpoint;
  return { url, description, event_types, enabled, disabled_reason };
}

/** The audit record of a change of an endpoint's own settings (no event tells of those). */
function endpointAudit(action: string, before: WebhookEndpoint | null, after: WebhookEndpoint | null): AuditNote {
  const endpoint = (after ?? before)!;
  return {
    organizationId: endpoint.organization_id,
    action: `webhook_endpoint.${action}`,
    resourceType: 'webhook_endpoint',
    resourceId: endpoint.id,
    changes: changesBetween(settingsOf(before), settingsOf(after)),
  };
}

/**
 * Webhook endpoints: where an organization's events are sent, and the secret they are signed
 * with (shown only when made). Each change of an endpoint leaves an audit record in its unit of
 * work; a rotated secret is recorded as rotated, never shown.
 */
export class WebhookEndpointsService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepo,
    private readonly transact: Transact<WebhookRepos & JournaledRepos>,
    private readonly secrets: WebhookSecrets,
    private readonly egress: EgressGuard,
  ) {}

  async create(organizationId: string, input: EndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    this.checkUrl(input.url);
    checkEventTypes(input.event_types);
    const secret = newSigningSecret();
    return this.transact(async ({ endpoints, journal }) => {
      const row = await endpoints.insert({
        organization_id: organizationId,
        url: input.url,
        description: input.description ?? null,
        event_types: [...new Set(input.event_types)],
        enabled: input.enabled ?? true,
        secret: this.secrets.store(organizationId, secret),
      });
      const endpoint = withoutSecrets(row);
      journal.audit(endpointAudit('created', null, endpoint));
      return { endpoint, secret };
    });
  }

  async get(organizationId: string, id: string): Promise<WebhookEndpoint> {
    return withoutSecrets(await this.existingEndpoint(this.endpoints, organizationId, id));
  }

  async list(organizationId: string, limit: number, after?: CreatedCursor): Promise<WebhookEndpoint[]> {
    return (await this.endpoints.list(organizationId, limit, after)).map(withoutSecrets);
  }

  /**
   * Changes what is sent where. Enabling a disabled endpoint clears why it was disabled and
   * its failing streak; disabling one stops what it was still to be sent (failed, recoverable).
   */
  async update(organizationId: string, id: string, changes: Partial<EndpointInput>): Promise<WebhookEndpoint> {
    if (changes.url !== undefined) this.checkUrl(changes.url);
    if (changes.event_types !== undefined) checkEventTypes(changes.event_types);
    return this.transact(async ({ endpoints, deliveries, journal }) => {
      const before = await this.existingEndpoint(endpoints, organizationId, id);
      const enabling = changes.enabled === true && !before.enabled;
      const disabling = changes.enabled === false && before.enabled;
      const row = await endpoints.update(organizationId, id, {
        ...(changes.url !== undefined ? { url: changes.url } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.event_types !== undefined ? { event_types: [...new Set(changes.event_types)] } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
        ...(enabling ? { disabled_reason: null, failing_since: null } : {}),
        ...(disabling ? { disabled_reason: 'Disabled through the API.' } : {}),
      });
      if (disabling) await deliveries.failPending(organizationId, id);
      const after = withoutSecrets(row!);
      journal.audit(endpointAudit('updated', withoutSecrets(before), after));
      return after;
    });
  }

  async delete(organizationId: string, id: string): Promise<void> {
    await this.transact(async ({ endpoints, journal }) => {
      const before = await this.existingEndpoint(endpoints, organizationId, id);
      await endpoints.delete(organizationId, id);
      journal.audit(endpointAudit('deleted', withoutSecrets(before), null));
    });
  }

  /** A new secret, shown this once; the former one keeps signing for graceSeconds. */
  async rotateSecret(organizationId: string, id: string, graceSeconds: number): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const secret = newSigningSecret();
    return this.transact(async ({ endpoints, journal }) => {
      const row = isUuid(id) ? await endpoints.rotateSecret(organizationId, id, this.secrets.store(organizationId, secret), graceSeconds) : undefined;
      if (!row) throw errors.notFound('webhook endpoint', id);
      const endpoint = withoutSecrets(row);
      journal.audit({ ...endpointAudit('secret_rotated', endpoint, endpoint), changes: { secret: { from: '[redacted]', to: '[redacted]' } } });
      return { endpoint, secret };
    });
  }

  /** Writes a webhook_endpoint.test event for this endpoint alone, whatever it subscribes to. Answers the event's id. */
  async sendTest(organizationId: string, id: string): Promise<string> {
    return this.transact(async ({ endpoints, journal }) => {
      const row = await this.existingEndpoint(endpoints, organizationId, id);
      if (!row.enabled) throw errors.webhookEndpointDisabled(id);
      journal.note({ ...endpointNote('webhook_endpoint.test', withoutSecrets(row)), onlyEndpointId: id });
      // Written here rather than at the commit, for its id; it is still the transaction's last write.
      const [event] = await journal.write();
      return event!.id;
    });
  }

  private async existingEndpoint(endpoints: WebhookEndpointsRepo, organizationId: string, id: string) {
    const row = isUuid(id) ? await endpoints.get(organizationId, id) : undefined;
    if (!row) throw errors.notFound('webhook endpoint', id);
    return row;
  }

  /**
   * An absolute http(s) URL without credentials, and not one the egress guard would refuse
   * whatever the name resolves to (a private address written out, plain http to a host the
   * operator did not allow). Names are checked at every delivery, as DNS may change.
   */
  private checkUrl(url: string): void {
    const destination = destinationOf(url);
    if (url.length > MAX_URL_LENGTH || !destination) {
      throw errors.validation(`url must be an absolute http or https URL of at most ${MAX_URL_LENGTH} characters.`, { pointer: '/url' });
    }
    if (destination.url.username || destination.url.password) throw errors.validation('url may not carry credentials.', { pointer: '/url' });
    const refusal = this.egress.refusalBeforeResolution(url);
    if (refusal) throw errors.egressRefused(destination.host, refusal);
  }
}

function checkEventTypes(patterns: readonly string[]): void {
  if (!patterns.length) throw errors.validation('event_types must list at least one event type.', { pointer: '/event_types' });
  const unknown = patterns.findIndex((pattern) => !isEventPattern(pattern));
  if (unknown >= 0) {
    throw errors.validation(`"${patterns[unknown]}" is not an event type, nor a wildcard over them (phone_number.*, *).`, {
      pointer: `/event_types/${unknown}`,
    });
  }
}
