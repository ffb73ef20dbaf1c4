import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { NumberIdParams, PhoneNumberSchema, toResource } from '../numbers.schemas.js';

export const numbersRelease = defineOperation({
  name: 'numbers.release',
  method: 'DELETE',
  path: '/v1/phone-numbers/:id',
  access: { scopes: ['phone_numbers:release'] },
  summary: 'Release a phone number',
  description:
    'Refused (409) while deletion_lock_enabled is on. The released record stays readable. ' +
    'A number bought through a carrier is given back to that carrier first: 200 with status `released` ' +
    'once the carrier has let it go; 502 `carrier_rejected` if the carrier refuses, and the number stays ' +
    'as it was; 202 with status `release_pending` if the carrier gave no answer in time (or another ' +
    'release of the number is under way). A pending release is finished by Dialtone within minutes: the ' +
    'number then reads `released`, or its earlier status if the carrier refuses. While pending, the number ' +
    'is still held, is not billed, and cannot be changed or assigned; a DELETE again answers 202.',
  tags: ['Phone numbers'],
  schema: {
    params: NumberIdParams,
    response: { 200: PhoneNumberSchema, 202: PhoneNumberSchema, ...problems(400, 401, 403, 404, 409, 502) },
  },
  handler: async (request, { releases }) => {
    const record = await releases.release(principalOf(request).organizationId, request.params.id);
    return answer(record.status === 'release_pending' ? 202 : 200, toResource(record));
  },
});
