import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CurrentKeySchema, NoQuery } from '../orgs.schemas.js';

export const apiKeysCurrent = defineOperation({
  name: 'api_keys.current',
  method: 'GET',
  path: '/v1/api-keys/current',
  access: { scopes: [] },
  summary: 'The API key of this request',
  description:
    'Which organization the key acts for and which scopes it holds: a client (the console) shows only the actions ' +
    'the key may take. Any valid key may ask; the key itself is never returned.',
  tags: ['API keys'],
  schema: { querystring: NoQuery, response: { 200: CurrentKeySchema, ...problems(400, 401) } },
  handler: async (request) => {
    const principal = principalOf(request);
    return {
      object: 'api_key' as const,
      id: principal.keyId,
      organization_id: principal.organizationId,
      prefix: principal.keyPrefix,
      scopes: [...principal.scopes],
    };
  },
});
