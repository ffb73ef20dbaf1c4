import { Type, type TSchema } from 'typebox';
import { E164, ListOf, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import { EVENT_TYPES } from './event-types.js';

/** The native /v1 shapes of events: the envelope, the list query and page, the path of one. */

const ActorSchema = Type.Object(
  {
    type: StringEnum(['api_key', 'operator', 'system', 'anonymous'] as const, {
      description: 'api_key: a client with an API key; operator: the operator token; system: Dialtone itself (a job, a command).',
      example: 'api_key',
    }),
    id: Type.Optional(Uuid('The API key, for an api_key actor.')),
    prefix: Type.Optional(Type.String({ description: 'The visible start of that key.', example: 'dt_Ab12Cd34' })),
    name: Type.Optional(Type.String({ description: 'The job or command, for a system actor.', example: 'renewals.run' })),
    job_id: Type.Optional(Uuid('The bulk job (/v1/phone-numbers/jobs) the change was one item of, when it was.')),
  },
  { description: 'Who made the change.' },
);

/** Any JSON object: the resource of an event whose type is not fixed by the schema. */
const AnyObject = (description: string) => Type.Object({}, { additionalProperties: true, description });

/**
 * The envelope of an event: `type` and the shape of `data` given by the caller (the schema of
 * one type for the webhooks section of the OpenAPI document; any type for the list).
 */
export function eventEnvelope(type: TSchema, data: TSchema, previousAttributes: TSchema, description: string) {
  return Type.Object(
    {
      id: Uuid('The id of the event.'),
      object: Type.Literal('event', { description: 'Always event.' }),
      type,
      created_at: Timestamp('When the change was committed.'),
      sequence: Type.Integer({
        minimum: 1,
        description: "The event's place among its organization's events: larger than every sequence listed before it. Sequences increase, with gaps; a list reads only events whose changes have all settled below it, so a sequence once seen is never preceded by one that appears later.",
        example: 42,
      }),
      resource_type: Type.String({ description: 'The kind of resource changed: the part of type before the dot.', example: 'phone_number' }),
      resource_id: Type.String({ description: 'The id of the resource changed.', example: '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e' }),
      resource_version: Nullable(
        Type.Integer({ description: "The resource's version after the change; drop an event older than one you already applied.", example: 3 }),
      ),
      phone_number: Nullable({ ...E164, description: 'The phone number the change concerns, in E.164.' }),
      data,
      previous_attributes: previousAttributes,
      request_id: Nullable(Type.String({ description: 'The request that made the change (X-Request-Id).', example: 'req_3f2a' })),
      idempotency_key: Nullable(Type.String({ description: 'The Idempotency-Key of that request.', example: 'order-42' })),
      surface: Type.String({ description: 'Where the change came in: native, a provider API by name, cli, job.', example: 'native' }),
      actor: ActorSchema,
    },
    { description },
  );
}

/** An event of any type, as the list and the retrieval answer it. */
export const EventSchema = eventEnvelope(
  StringEnum(EVENT_TYPES, { description: 'What happened.', example: 'phone_number.updated' }),
  AnyObject('The resource as it is after the change, in the shape the native API gives it.'),
  Nullable(AnyObject('For a change of an existing resource: each field that changed, as it was before.')),
  'A change to a resource of the organization. The webhooks section of this document gives the shape of each type.',
);

export const EVENTS_PAGE_SIZE = 100;
export const EVENTS_PAGE_MAX = 500;

const DateBound = (description: string) => Type.String({ format: 'date-time', description, example: '2026-01-01T00:00:00Z' });

export const EventsListQuery = Type.Object(
  {
    type: Type.Optional(
      ListOf(
        Type.String({ minLength: 1, maxLength: 64, description: 'An event type, `<resource>.*` or `*`.', example: 'phone_number.*' }),
        'Only events of any of these types; `phone_number.*` covers every type of a resource, `*` every type.',
      ),
    ),
    resource_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only events about this resource.', example: '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e' })),
    phone_number: Type.Optional(
      Type.String({ minLength: 3, maxLength: 32, description: 'Only events about this number, in any common form.', example: '+14155552671' }),
    ),
    country: Type.Optional(
      Type.String({ pattern: '^[A-Z]{2}$', description: 'The country of a phone_number written without its country code.', example: 'US' }),
    ),
    created_after: Type.Optional(DateBound('Only events created at or after this time.')),
    created_before: Type.Optional(DateBound('Only events created before this time.')),
    order: Type.Optional(StringEnum(['asc', 'desc'] as const, { description: 'By sequence: asc (oldest first, the default) or desc.', example: 'asc' })),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: EVENTS_PAGE_MAX, default: EVENTS_PAGE_SIZE, description: 'Page size.', example: EVENTS_PAGE_SIZE }),
    ),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'next_cursor from an earlier page.', example: 'eyJzIjo0Mn0.Zm9v' })),
  },
  { additionalProperties: false },
);

/** Query parameters that may also arrive comma-separated. */
export const EVENTS_LIST_PARAMETERS = ['type'] as const;

export const EventsPageSchema = Type.Object({
  object: Type.Literal('list', { description: 'Always list.' }),
  data: Type.Array(EventSchema, { description: 'Events, in sequence order.' }),
  has_more: Type.Boolean({ description: 'Whether more events follow this page now.' }),
  next_cursor: Nullable(
    Type.String({
      description: 'Pass as cursor for the events after this page. In ascending order always given, also on the last page, to poll from later.',
      example: 'eyJzIjo0Mn0.Zm9v',
    }),
  ),
});

/** Any string: a malformed id finds nothing (404), exactly as an id that does not exist. */
export const EventIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100, description: 'The id of the event.', example: '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e' }) },
  { additionalProperties: false },
);
