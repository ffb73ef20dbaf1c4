import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { toEventResource } from '../event-resource.js';
import { EventIdParams, EventSchema } from '../events.schemas.js';

export const eventsGet = defineOperation({
  name: 'events.get',
  method: 'GET',
  path: '/v1/events/:id',
  access: { scopes: ['events:read'] },
  summary: 'Retrieve an event',
  description: 'The event with this id, as the list and webhook deliveries give it. An id of no event of this organization is 404.',
  tags: ['Events'],
  schema: { params: EventIdParams, response: { 200: EventSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { events }) => toEventResource(await events.get(principalOf(request).organizationId, request.params.id)),
});
