import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CountriesQuerySchema, CountriesResponseSchema, toAvailableCountry } from '../carriers.schemas.js';

export const availableNumbersCountries = defineOperation({
  name: 'available_numbers.countries',
  method: 'GET',
  path: '/v1/available-phone-numbers/countries',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'List the countries you can buy numbers in',
  description:
    'The countries a search can ask for (the built-in sandbox unless carrier_account_id is given), each with the types ' +
    'of number on offer there and whether a search there can name a region.',
  tags: ['Carriers'],
  schema: { querystring: CountriesQuerySchema, response: { 200: CountriesResponseSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { availableNumbers }) => {
    const coverage = await availableNumbers.coverage(principalOf(request).organizationId, request.query.carrier_account_id ?? null);
    return { object: 'list' as const, data: coverage.map(toAvailableCountry) };
  },
});
