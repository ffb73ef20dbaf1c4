import { Type, type TSchema } from 'typebox';
import { REDACTED } from '../changes/journal.js';
import { Nullable, Timestamp, Uuid } from '../http/schema-kit.js';
import { PhoneNumberSchema } from '../numbers/numbers.schemas.js';
import { OrderSchema } from '../orders/orders.schemas.js';
import { BulkJobSchema } from '../bulk/bulk.schemas.js';
import { EVENT_TYPES, resourceTypeOf, type EventType, type ResourceType } from './event-types.js';
import { eventEnvelope } from './events.schemas.js';

/**
 * The JSON Schema of each event type: the envelope with its type fixed and its data the
 * resource's native shape. Published as the OpenAPI document's webhooks, one per type, so a
 * consumer can generate or check the bodies it receives (and the events it polls).
 */

/** A webhook endpoint as its events tell it: never its signing secret. */
const WebhookEndpointSchema = Type.Object(
  {
    id: Uuid('The id of the webhook endpoint.'),
    url: Type.String({ format: 'uri', description: 'Where events are delivered.', example: 'https://example.com/dialtone-events' }),
    description: Nullable(Type.String({ description: 'Your note about the endpoint.', example: 'billing system' })),
    event_types: Type.Array(Type.String({ description: 'An event type or wildcard.', example: 'phone_number.*' }), {
      description: 'The types delivered to it.',
    }),
    enabled: Type.Boolean({ description: 'Whether events are delivered to it.' }),
    disabled_reason: Nullable(Type.String({ description: 'Why it was disabled, when it was.', example: 'failing for 3 days' })),
    created_at: Timestamp('When it was created.'),
    updated_at: Timestamp('When it last changed.'),
  },
  { description: 'A webhook endpoint.' },
);

const RenewalFailedNumberSchema = Type.Object(
  {
    ...PhoneNumberSchema.properties,
    renewal_error: Type.Object(
      {
        code: Type.String({ description: 'An error code from the catalogue.', example: 'carrier_unavailable' }),
        detail: Type.String({ description: 'Why, for a person.', example: 'The carrier did not answer.' }),
      },
      { description: 'Why the renewal failed.' },
    ),
  },
  { description: 'The number, and why its renewal failed.' },
);

const RESOURCE_SCHEMAS: Record<ResourceType, TSchema> = {
  phone_number: PhoneNumberSchema,
  number_order: OrderSchema,
  bulk_job: BulkJobSchema,
  webhook_endpoint: WebhookEndpointSchema,
};

/** What each type tells, for its entry in the document. */
const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  'phone_number.imported': 'A number was imported (or ported in) into the organization.',
  'phone_number.purchase_started': 'A number is being bought: it is held for the organization while the carrier confirms.',
  'phone_number.purchased': 'A number was bought and is active.',
  'phone_number.purchase_abandoned': 'A purchase did not complete; the number was not bought.',
  'phone_number.updated': 'Fields of a number changed; previous_attributes holds their former values.',
  'phone_number.assigned': 'A number was assigned to an agent (other fields may have changed too).',
  'phone_number.unassigned': 'A number was freed from its agent (other fields may have changed too).',
  'phone_number.emergency_status_changed': "A number's emergency calling status changed.",
  'phone_number.release_requested': 'A release was asked of the carrier, which has not answered yet.',
  'phone_number.released': 'A number was released; its record stays readable.',
  'phone_number.release_failed': 'The carrier refused a release; the number is back as it was.',
  'phone_number.renewed': 'A number was renewed for another period; next billing date moved.',
  'phone_number.renewal_failed': "A number's renewal failed; data.renewal_error tells why.",
  'number_order.completed': 'An order settled with at least one number bought.',
  'number_order.failed': 'An order settled with no number bought.',
  'bulk_job.completed': 'A bulk job ended: data.status says completed, failed (no number succeeded) or canceled, and data.counts how each number went.',
  'webhook_endpoint.disabled': 'A webhook endpoint was disabled after failing deliveries.',
  'webhook_endpoint.test': 'A test event, sent to one endpoint on request.',
};

function dataSchemaOf(type: EventType): TSchema {
  return type === 'phone_number.renewal_failed' ? RenewalFailedNumberSchema : RESOURCE_SCHEMAS[resourceTypeOf(type)];
}

/** Fields a change can tell of that its resource never shows: a secret, only as replaced. */
const HIDDEN_FIELDS: Partial<Record<ResourceType, Record<string, TSchema>>> = {
  phone_number: {
    external_pin: Type.Literal(REDACTED, { description: 'The port-out PIN was replaced by another (it is never shown).' }),
  },
};

function previousAttributesOf(resourceType: ResourceType): TSchema {
  const resource = RESOURCE_SCHEMAS[resourceType] as ReturnType<typeof Type.Object>;
  return Nullable(
    Type.Partial(Type.Object({ ...resource.properties, ...HIDDEN_FIELDS[resourceType] }), {
      description: 'For a change of an existing resource: each field that changed, as it was before.',
    }),
  );
}

/** The schema of the events of one type. */
export function eventSchemaOf(type: EventType): TSchema {
  return eventEnvelope(
    Type.Literal(type, { description: 'What happened.' }),
    dataSchemaOf(type),
    previousAttributesOf(resourceTypeOf(type)),
    EVENT_DESCRIPTIONS[type],
  );
}

/** The OpenAPI 3.1 webhooks map: one POST per event type, its body the event. */
export function eventWebhooks(): Record<string, unknown> {
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: type,
          description: `${EVENT_DESCRIPTIONS[type]} Sent to every enabled webhook endpoint subscribed to this type; the same event reads at GET /v1/events/{id}.`,
          tags: ['Events'],
          requestBody: { required: true, content: { 'application/json': { schema: eventSchemaOf(type) } } },
          responses: { '2XX': { description: 'Any 2xx status acknowledges the delivery.' } },
        },
      },
    ]),
  );
}
