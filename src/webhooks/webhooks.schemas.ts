import { Type } from 'typebox';
import type { WebhookAttemptRow, WebhookDeliveryRow } from '../db/schema.js';
import { EVENT_TYPES } from '../events/event-types.js';
import { CursorPageQuery, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import { MAX_URL_LENGTH, type WebhookEndpoint } from './webhook-endpoint.js';


/** The native /v1 shapes of webhook endpoints, their deliveries and attempts. */

const Url = Type.String({
  minLength: 1,
  maxLength: MAX_URL_LENGTH,
  description: 'Where events are POSTed: an absolute https URL (http only to hosts the operator allows), without credentials.',
  example: 'https://example.com/hooks/dialtone',
});
const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 100, description: 'An event type, or a wildcard.', example: 'phone_number.*' }), {
  minItems: 1,
  maxItems: 50,
  uniqueItems: true,
  description: `The events sent: types (${EVENT_TYPES.slice(0, 2).join(', ')}, ...), \`<resource>.*\`, or \`*\` for all.`,
  example: ['phone_number.*'],
});
const Description = Type.String({ maxLength: 500, description: 'A note for people.', example: 'CRM sync' });
const Enabled = Type.Boolean({ description: 'Whether events are sent to it.', example: true });

const endpointFields = {
  id: Uuid('The endpoint id.'),
  object: Type.Literal('webhook_endpoint', { description: 'Always webhook_endpoint.' }),
  url: Url,
  description: Nullable(Description),
  event_types: EventTypes,
  enabled: Enabled,
  disabled_reason: Nullable(Type.String({ description: 'Why it was disabled, while it is.', example: 'The endpoint answered 410 Gone.' })),
  failing_since: Nullable(Timestamp('Since when every delivery to it has failed; null after a success.')),
  previous_secret_expires_at: Nullable(Timestamp('After a rotation: until when the former secret also signs.')),
  created_at: Timestamp('When it was created.'),
  updated_at: Timestamp('When it last changed.'),
};

export const WebhookEndpointSchema = Type.Object(endpointFields);

export const NewSecretEndpointSchema = Type.Object({
  ...endpointFields,
  secret: Type.String({
    description: 'The signing secret (Standard Webhooks). Shown this once; store it now.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
});

export const CreateEndpointBody = Type.Object(
  { url: Url, event_types: EventTypes, description: Type.Optional(Description), enabled: Type.Optional(Enabled) },
  { additionalProperties: false },
);

export const UpdateEndpointBody = Type.Object(
  {
    url: Type.Optional(Url),
    event_types: Type.Optional(EventTypes),
    description: Type.Optional(Nullable(Description)),
    enabled: Type.Optional(Enabled),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const EndpointIdParams = Type.Object({ id: Uuid('The endpoint id.') }, { additionalProperties: false });
export const EventIdParams = Type.Object({ id: Uuid('The event id.') }, { additionalProperties: false });

export const WEBHOOKS_PAGE_SIZE = 50;
export const WebhooksPageQuery = CursorPageQuery(WEBHOOKS_PAGE_SIZE, 200);

const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
const ERROR_CLASSES = ['dns', 'connect', 'timeout', 'refused_address', 'http_3xx', 'http_4xx', 'http_5xx', 'network'] as const;

export const DeliveriesPageQuery = Type.Object(
  {
    ...WebhooksPageQuery.properties,
    status: Type.Optional(StringEnum(DELIVERY_STATUSES, { description: 'Only deliveries in this status.', example: 'failed' })),
  },
  { additionalProperties: false },
);

const AttemptSchema = Type.Object({
  id: Uuid('The attempt id.'),
  attempt: Type.Integer({ description: 'Its number among the attempts of the delivery, from 1.', example: 1 }),
  status: StringEnum(['succeeded', 'failed'] as const, { description: 'Only a 2xx answer succeeds.', example: 'failed' }),
  error_class: Nullable(StringEnum(ERROR_CLASSES, { description: 'Why it failed.', example: 'http_5xx' })),
  response_status: Nullable(Type.Integer({ description: "The endpoint's HTTP status, when it answered.", example: 500 })),
  response_body: Nullable(Type.String({ description: 'The first 4 KB of its answer.', example: 'upstream unavailable' })),
  duration_ms: Type.Integer({ description: 'How long the attempt took.', example: 120 }),
  created_at: Timestamp('When it was made.'),
});

export const DeliverySchema = Type.Object({
  id: Uuid('The delivery id.'),
  object: Type.Literal('webhook_delivery', { description: 'Always webhook_delivery.' }),
  endpoint_id: Uuid('The endpoint it goes to.'),
  event_id: Uuid('The event it carries.'),
  status: StringEnum(DELIVERY_STATUSES, { description: 'pending until an attempt succeeds or the last one fails.', example: 'succeeded' }),
  next_attempt_at: Nullable(Timestamp('When the next attempt is due, while pending.')),
  last_attempt_at: Nullable(Timestamp('When it was last attempted.')),
  attempts: Type.Array(AttemptSchema, { description: 'Every attempt, first first.' }),
  created_at: Timestamp('When it was queued.'),
});

export const RedeliverBody = Type.Object(
  { endpoint_id: Type.Optional(Uuid('Only to this endpoint (which may not have been sent the event before).')) },
  { additionalProperties: false },
);

export const RecoverBody = Type.Object(
  { since: Timestamp('Failed deliveries queued at or after this time are queued again.') },
  { additionalProperties: false },
);

export const RotateSecretBody = Type.Object(
  {
    grace_period_seconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 604_800, default: 86_400, description: 'How long the former secret also signs.', example: 86_400 }),
    ),
  },
  { additionalProperties: false },
);

export const QueuedSchema = Type.Object({
  object: Type.Literal('redelivery', { description: 'Always redelivery.' }),
  queued: Type.Integer({ description: 'How many deliveries were queued again.', example: 1 }),
});

export const TestEventSchema = Type.Object({
  object: Type.Literal('event_reference', { description: 'Always event_reference.' }),
  event_id: Uuid('The webhook_endpoint.test event written.'),
});

export function toEndpointResource(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint' as const,
    url: endpoint.url,
    description: endpoint.description,
    event_types: endpoint.event_types,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabled_reason,
    failing_since: endpoint.failing_since?.toISOString() ?? null,
    previous_secret_expires_at: endpoint.previous_secret_expires_at?.toISOString() ?? null,
    created_at: endpoint.created_at.toISOString(),
    updated_at: endpoint.updated_at.toISOString(),
  };
}

export function toDeliveryResource(delivery: WebhookDeliveryRow, attempts: readonly WebhookAttemptRow[]) {
  return {
    id: delivery.id,
    object: 'webhook_delivery' as const,
    endpoint_id: delivery.endpoint_id,
    event_id: delivery.event_id,
    status: delivery.status,
    next_attempt_at: delivery.status === 'pending' ? (delivery.next_attempt_at?.toISOString() ?? null) : null,
    last_attempt_at: delivery.last_attempt_at?.toISOString() ?? null,
    attempts: attempts.map((attempt) => ({
      id: attempt.id,
      attempt: attempt.attempt,
      status: attempt.outcome,
      error_class: attempt.error_class,
      response_status: attempt.response_status,
      response_body: attempt.response_body,
      duration_ms: attempt.duration_ms,
      created_at: attempt.created_at.toISOString(),
    })),
    created_at: delivery.created_at.toISOString(),
  };
}
