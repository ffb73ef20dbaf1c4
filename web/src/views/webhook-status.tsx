import { when } from '../format';
import { Badge } from './paged-list';
import type { WebhookEndpoint } from './webhooks-api';

/** Enabled, failing (every delivery has failed since then), or disabled. */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (!endpoint.enabled) return <Badge tone="bad">Disabled</Badge>;
  if (endpoint.failing_since)
    return (
      <>
        <Badge tone="warn">Failing</Badge> <span class="muted small">since {when(endpoint.failing_since)}</span>
      </>
    );
  return <Badge tone="good">Enabled</Badge>;
}
