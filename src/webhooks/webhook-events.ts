import type { ChangeNote } from '../changes/journal.js';
import type { EventType } from '../events/event-types.js';
import type { WebhookEndpoint } from './webhook-endpoint.js';
import { toEndpointResource } from './webhooks.schemas.js';

/** An event about an endpoint: the endpoint as the API shows it (never its secret) is its data. */
export function endpointNote(type: Extract<EventType, `webhook_endpoint.${string}`>, endpoint: WebhookEndpoint): ChangeNote {
  return {
    organizationId: endpoint.organization_id,
    type,
    resourceId: endpoint.id,
    data: toEndpointResource(endpoint) as unknown as Record<string, unknown>,
  };
}
