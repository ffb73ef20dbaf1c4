import type { operations, webhooks } from '../api/openapi';

/** The shapes of the webhooks API the console shows, from the generated API types. */
export type Json<O extends keyof operations, S extends number> = operations[O]['responses'] extends Record<S, { content: { 'application/json': infer T } }>
  ? T
  : never;

export type WebhookEndpoint = Json<'webhook_endpoints.get', 200>;
export type EndpointWithSecret = Json<'webhook_endpoints.create', 201>;
export type EndpointChanges = NonNullable<operations['webhook_endpoints.update']['requestBody']>['content']['application/json'];
export type DeliveriesPage = Json<'webhook_deliveries.list', 200>;
export type Delivery = DeliveriesPage['data'][number];
export type Attempt = Delivery['attempts'][number];
export type DeliveryStatus = Delivery['status'];

/** The event types Dialtone publishes: the webhooks section of its OpenAPI document. */
export type PublishedEventType = keyof webhooks;
