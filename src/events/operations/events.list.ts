import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { toEventResource } from '../event-resource.js';
import { EVENTS_LIST_PARAMETERS, EVENTS_PAGE_SIZE, EventsListQuery, EventsPageSchema } from '../events.schemas.js';

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

export const eventsList = defineOperation({
  name: 'events.list',
  method: 'GET',
  path: '/v1/events',
  access: { scopes: ['events:read'] },
  summary: "List the organization's events",
  description:
    'Every change to a resource of the organization, in sequence order: oldest first unless order=desc. ' +
    'Sequences increase, with gaps, and a list waits for the changes in flight before it reads, so a sequence ' +
    'once seen is never preceded by one that appears later. To consume every event exactly once, poll oldest first with the next_cursor of the ' +
    'previous answer: it is given on every page, the last one too (the position after its last event, or the ' +
    'cursor sent when no new event has come), so the next poll resumes where this one stopped. A cursor is a ' +
    'position only: it may be sent with other filters. Events older than the retention period ' +
    '(DIALTONE_EVENT_RETENTION_DAYS, 90 days by default) are deleted. Filters combine with AND.',
  tags: ['Events'],
  schema: { querystring: EventsListQuery, response: { 200: EventsPageSchema, ...problems(400, 401, 403) } },
  commaSeparated: EVENTS_LIST_PARAMETERS,
  handler: async (request, { events }) => {
    const q = request.query;
    const page = await events.list(principalOf(request).organizationId, {
      types: q.type,
      resourceId: q.resource_id,
      phoneNumber: q.phone_number,
      country: q.country,
      createdAfter: date(q.created_after),
      createdBefore: date(q.created_before),
      order: q.order,
      limit: q.limit ?? EVENTS_PAGE_SIZE,
      cursor: q.cursor,
    });
    return { object: 'list' as const, data: page.data.map(toEventResource), has_more: page.hasMore, next_cursor: page.nextCursor };
  },
});
