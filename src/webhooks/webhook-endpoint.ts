import type { WebhookEndpointRow } from '../db/schema.js';

/** An endpoint as Dialtone shows and tells it: everything but its signing secrets. */
export type WebhookEndpoint = Omit<WebhookEndpointRow, 'secret' | 'previous_secret'>;

export function withoutSecrets({ secret: _secret, previous_secret: _previous, ...endpoint }: WebhookEndpointRow): WebhookEndpoint {
  return endpoint;
}

/** What a client gives to create an endpoint, or to change one (all optional then). */
export interface EndpointInput {
  url: string;
  event_types: string[];
  description?: string | null;
  enabled?: boolean;
}

/** The longest endpoint URL accepted. */
export const MAX_URL_LENGTH = 2048;
