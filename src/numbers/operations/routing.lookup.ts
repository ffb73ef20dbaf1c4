import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { LookupQuery, RouteResponse, toResource } from '../numbers.schemas.js';

export const routingLookup = defineOperation({
  name: 'routing.lookup',
  method: 'GET',
  path: '/v1/routing/lookup',
  access: 'operator',
  summary: 'Route an inbound call: who holds a number, and where its calls go (operator)',
  tags: ['Operator'],
  schema: { querystring: LookupQuery, response: { 200: RouteResponse, ...problems(400, 401, 403, 404) } },
  handler: async (request, { numbers }) => {
    const route = await numbers.route(request.query.number);
    return { organization_id: route.organization_id, phone_number: toResource(route.phone_number) };
  },
});
