import { previousAttributes, type ChangeNote } from '../changes/journal.js';
import type { EventType } from '../events/event-types.js';
import type { WebhookEndpoint } from './webhook-endpoint.js';
import { toEndpointResource } from './webhooks.schemas.js';

type Resource = Record<string, unknown>;

/**
 * An event about an endpoint: the endpoint as the API shows it (never its secret) is its data;
 * given the endpoint as it was, the fields that changed are its previous_attributes.
 */
export function endpointNote(type: Extract<EventType, `webhook_endpoint.${string}`>, endpoint: WebhookEndpoint, before?: WebhookEndpoint): ChangeNote {
  const data = toEndpointResource(endpoint) as unknown as Resource;
  return {
    organizationId: endpoint.organization_id,
    type,
    resourceId: endpoint.id,
    data,
    previousAttributes: before ? previousAttributes(toEndpointResource(before) as unknown as Resource, data, ['updated_at']) : null,
  };
}
