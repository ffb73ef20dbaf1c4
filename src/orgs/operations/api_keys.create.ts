import { Type } from 'typebox';
import { SCOPES, type Scope } from '../../auth/scopes.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems, StringEnum } from '../../http/schema-kit.js';
import { NewApiKeySchema, OrgParams, toApiKey } from '../orgs.schemas.js';

const CreateApiKeyBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A label.', example: 'production' })),
    scopes: Type.Array(StringEnum(SCOPES, { description: 'A scope.' }), {
      minItems: 1,
      uniqueItems: true,
      description: 'What the key may do.',
      example: ['phone_numbers:read'],
    }),
  },
  { additionalProperties: false },
);

export const apiKeysCreate = defineOperation({
  name: 'api_keys.create',
  method: 'POST',
  path: '/v1/organizations/:id/api-keys',
  access: 'operator',
  summary: 'Create an API key for an organization',
  tags: ['Operator'],
  schema: { params: OrgParams, body: CreateApiKeyBody, response: { 201: NewApiKeySchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { orgs, keys }) => {
    const org = await orgs.get(request.params.id);
    const { key, info } = await keys.create(org.id, request.body.name ?? 'api key', request.body.scopes as Scope[]);
    return answer(201, { ...toApiKey(info), key });
  },
});
