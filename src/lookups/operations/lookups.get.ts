import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { LookupParams, NumberLookupSchema, toLookupResource } from '../lookups.schemas.js';

export const lookupsGet = defineOperation({
  name: 'lookups.get',
  method: 'GET',
  path: '/v1/lookups/:number',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Look up any phone number',
  description:
    "Validity, formats, type, place, time zones and original carrier of any number, yours or not, from Dialtone's numbering data " +
    '(libphonenumber). No carrier is queried: the current carrier of a ported number and the caller name are not known here.',
  tags: ['Lookups'],
  schema: { params: LookupParams, response: { 200: NumberLookupSchema, ...problems(400, 401, 403) } },
  handler: async (request, { lookups }) => toLookupResource(lookups.lookup(request.params.number)),
});
