import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { ApiKeySchema, KeyParams, toApiKey } from '../orgs.schemas.js';

export const apiKeysRevoke = defineOperation({
  name: 'api_keys.revoke',
  method: 'DELETE',
  path: '/v1/organizations/:id/api-keys/:key_id',
  access: 'operator',
  summary: 'Revoke an API key',
  description:
    'The key authenticates nothing from the next request on, in every Dialtone process. The record stays, with ' +
    'revoked_at; revoking it again changes nothing.',
  tags: ['Operator'],
  schema: { params: KeyParams, response: { 200: ApiKeySchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { keys }) => toApiKey(await keys.revoke(request.params.id, request.params.key_id)),
});
