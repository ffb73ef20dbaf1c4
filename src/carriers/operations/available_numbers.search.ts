import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { SEARCH_LIST_PARAMETERS, SearchQuerySchema, SearchResponseSchema, toAvailableResource, toSearchInput } from '../carriers.schemas.js';

export const availableNumbersSearch = defineOperation({
  name: 'available_numbers.search',
  method: 'GET',
  path: '/v1/available-phone-numbers',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Search numbers you can buy',
  description:
    "Searches a carrier's inventory (the built-in sandbox unless carrier_account_id is given). Use one of " +
    'starts_with, contains and ends_with (* is any one digit); region excludes area_code; city excludes area_code and patterns. ' +
    'postal_code, near_number or near_lat_long with distance (miles) search by place in the US; rate centers and LATAs are not searchable.',
  tags: ['Carriers'],
  schema: { querystring: SearchQuerySchema, response: { 200: SearchResponseSchema, ...problems(400, 401, 403, 404, 502, 503) } },
  commaSeparated: SEARCH_LIST_PARAMETERS,
  handler: async (request, { availableNumbers }) => {
    const offers = await availableNumbers.search(principalOf(request).organizationId, toSearchInput(request.query));
    return { object: 'list' as const, data: offers.map(toAvailableResource) };
  },
});
