import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { ImportBodySchema, PhoneNumberSchema, toImportInput, toResource } from '../numbers.schemas.js';

export const numbersImport = defineOperation({
  name: 'numbers.import',
  method: 'POST',
  path: '/v1/phone-numbers',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Import a number you already own (BYOC, SIP trunk, another carrier)',
  tags: ['Phone numbers'],
  schema: { body: ImportBodySchema, response: { 201: PhoneNumberSchema, ...problems(400, 401, 403, 409) } },
  handler: async (request, { numbers }) => {
    const record = await numbers.importNumber(principalOf(request).organizationId, toImportInput(request.body));
    return answer(201, toResource(record), { location: `/v1/phone-numbers/${record.id}` });
  },
});
